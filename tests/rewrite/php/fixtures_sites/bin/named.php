<?php
require __DIR__ . '/../lib/MailClient.php';

$soap = new \Acme\Mail\PomSoapClient(
    url: 'https://soap.copernica.com/',
    email: $_SERVER['COPERNICA_USER'],
    password: 'hunter2-but-longer',
    account: 'Shop',
);
echo $account;
$soap->Account_database(array('identifier' => 'News'));
