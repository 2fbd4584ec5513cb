<?php
// The weather feed next to our Copernica newsletter: another SOAP service, another login.
namespace Acme\Weather;

/**
 *  A weather service's SOAP client: it logs in too, to another service.
 */
class WeatherClient extends \SoapClient
{
    public function __construct($username, $password, $account, $url = 'https://weather.example.org/soap?wsdl')
    {
        parent::__construct($url);
        $this->login(array('username' => $username, 'password' => $password, 'account' => $account));
    }
}
