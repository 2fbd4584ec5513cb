<?php
namespace Acme\Mail;

/**
 *  Our copy of Copernica's SOAP client (1.x style: login session).
 */
class PomSoapClient extends \SoapClient
{
    private $email;
    private $password;
    private $account;
    private $charset;

    public function __construct($email, $password, $account = null, $url = 'https://soap.copernica.com/', $charset = 'iso-8859-1')
    {
        $this->email = $email;
        $this->password = $password;
        $this->account = $account;
        $this->charset = $charset;
        parent::__construct($url . '?SOAPAPI=WSDL', array('soap_version' => SOAP_1_1));
        $this->login(array('username' => $email, 'password' => $password, 'account' => $account));
    }

    public function __call($methodname, $params)
    {
        return $this->__soapCall($methodname, $params);
    }
}
