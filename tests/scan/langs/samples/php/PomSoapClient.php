<?php
/**
 *  Legacy Copernica SOAP client (login session, cookie file, re-login).
 *  Written for the scanner tests in the shape of Copernica's 1.x example client.
 */
class PomSoapClient extends SoapClient
{
    private $cookieFile;
    private $credentials;
    private $charset;

    public function __construct($email, $password, $account, $url = 'https://soap.copernica.com', $charset = 'iso-8859-1') // expect: COP102
    {
        $this->charset = strtolower($charset);
        $this->credentials = array('username' => $email, 'account' => $account, 'password' => $password);

        $wsdl = rtrim($url, '/') . '/?SOAPAPI=WSDL';
        parent::__construct($wsdl, array(
            'soap_version' => SOAP_1_1,
            'trace'        => true,
            'cache_wsdl'   => WSDL_CACHE_BOTH,
        ));

        $this->cookieFile = sys_get_temp_dir() . '/cookie' . md5(getmyuid() . ':' . $wsdl . ':' . $email . ':' . $account . ':PomSoapClient'); // expect: COP103

        if (file_exists($this->cookieFile)) {
            foreach (file($this->cookieFile, FILE_IGNORE_NEW_LINES) as $line) {
                list($name, $value) = explode('=', $line, 2);
                $this->__setCookie($name, $value); // expect: COP103
            }
        } else {
            $this->relogin();
        }
    }

    private function relogin()
    {
        $this->login($this->credentials); // expect: COP101
        foreach (explode("\n", $this->__getLastResponseHeaders()) as $header) {
            if (stripos($header, 'Set-Cookie:') !== 0) continue; // expect: COP103
            $cookie = trim(strtok(substr($header, 11), ';'));
            if (strncmp($cookie, 'soap_', 5) !== 0) continue; // expect: COP103
            $old = umask(0077);
            file_put_contents($this->cookieFile, $cookie . "\n", FILE_APPEND);
            umask($old);
        }
    }

    public function __call($method, $params)
    {
        try {
            return parent::__soapCall($method, array($this->toObject($params ? $params[0] : array())));
        } catch (SoapFault $fault) {
            if ($fault->faultstring != 'Not logged on') throw $fault; // expect: COP104
            return $this->relogin();
        }
    }

    private function toObject(array $params)
    {
        return (object) $params;
    }
}
