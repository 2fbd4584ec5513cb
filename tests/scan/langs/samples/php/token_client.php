<?php
require_once __DIR__ . '/PomSoapClient.php';

// Migrated: access token on every call, no login, no cookies.
$soap = new PomSoapClient(getenv('COPERNICA_ACCESS_TOKEN'));
$other = new PomSoapClient($token, 'https://soap.copernica.com', 'utf-8');

try {
    $database = $soap->Account_database(array('identifier' => 'Newsletter'));
    $soap->Database_createProfile(array('id' => $database->id, 'fields' => array('email' => 'a@example.com')));
} catch (SoapFault $fault) {
    error_log('Copernica SOAP call failed: ' . $fault->faultstring);
}
