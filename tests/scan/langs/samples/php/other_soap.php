<?php
// A different vendor's SOAP API with its own login operation and session cookie.
$client = new SoapClient('https://api.example-crm.com/soap?wsdl', array('soap_version' => SOAP_1_2));
$session = $client->login(array('username' => 'api', 'password' => 'secret'));
$client->__setCookie('PHPSESSID', $session->sessionId);
$file = sys_get_temp_dir() . '/cookie-crm';
