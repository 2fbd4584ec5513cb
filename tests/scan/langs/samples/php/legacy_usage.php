<?php
require_once __DIR__ . '/PomSoapClient.php';

// Wrapper use: the legacy constructor logs in with email, password and account.
$soap = new PomSoapClient('user@example.com', 'secret', 'Account'); // expect: COP102 COP108
$databases = $soap->Account_databases(array('allproperties' => true));

// Older spelling with the URL first, and a plain SoapClient that logs in itself.
$old = new pomsoapclient('http://soap.copernica.com/', $login, $account, $password); // expect: COP102

$client = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL', array('trace' => 1));
$client->LOGIN(array( // expect: COP101
    'username' => getenv('COPERNICA_USER'),
    'account'  => 'Account',
    'password' => getenv('COPERNICA_PASSWORD'),
));

// The per-call login struct that every operation still accepts.
$client->Database_searchProfiles(array(
    'id' => 42,
    'requirements' => array(),
    'login' => array('username' => 'u', 'account' => 'a', 'password' => 'p'), // expect: COP101 COP108
));

// Static helpers of the framework are not Copernica's login.
Auth::login($user);
