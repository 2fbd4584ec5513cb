<?php
// Uses the wrapper from CopernicaApi.inc: the class is defined in another file.
require_once __DIR__ . '/CopernicaApi.inc';

$config = parse_ini_file('/etc/shop/copernica.ini');
$api = new CopernicaApi($config['user'], $config['pass'], $config['account']); // expect: COP102
foreach ($api->databases() as $database) {
    echo $database->name, "\n";
}
