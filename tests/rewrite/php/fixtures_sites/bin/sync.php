<?php
use Acme\Mail\PomSoapClient;

require __DIR__ . '/../lib/MailClient.php';

$email = 'api@example.com';
$password = getenv('COPERNICA_PASSWORD');
$account = 'Shop';

$soap = new PomSoapClient($email, $password, $account, 'https://soap.copernica.com/', 'utf-8');
$databases = $soap->Account_databases(array());
