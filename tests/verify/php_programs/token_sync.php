<?php
declare(strict_types=1);
/**
 *  Nightly sync, migrated by hand to access tokens: the same business calls as legacy_sync.php.
 *  `php token_sync.php location` passes the SOAP endpoint explicitly (the 'location' option);
 *  `php token_sync.php set-location [URL]` re-points the client after it is built (__setLocation).
 */
require_once __DIR__ . '/token_client.php';

$how = isset($argv[1]) ? $argv[1] : '';
$options = $how === 'location' ? array('location' => 'https://soap.copernica.com/') : array();
$copernica = new TokenCopernicaClient(getenv('COPERNICA_ACCESS_TOKEN'), 'https://soap.copernica.com', $options);
if ($how === 'set-location') {
    $copernica->__setLocation(isset($argv[2]) ? $argv[2] : 'https://soap.copernica.com/');
}

$database = $copernica->Account_createDatabase(array('name' => 'Leads'));
$copernica->Database_createField(array('id' => $database->id, 'name' => 'email'));
$copernica->Database_createField(array('id' => $database->id, 'name' => 'city'));
foreach (array('ann@example.com' => 'Delft', 'bob@example.com' => 'Gouda') as $email => $city) {
    $copernica->Database_createProfile(array('id' => $database->id,
                                             'fields' => array('email' => $email, 'city' => $city)));
}
$found = $copernica->Database_searchProfiles(array(
    'id'           => $database->id,
    'requirements' => array((object) array('fieldname' => 'city', 'value' => 'Gouda', 'operator' => '=')),
));
echo "leads in Gouda: ", $found->total, "\n";
