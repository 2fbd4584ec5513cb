<?php
/**
 *  Nightly sync, session-based (unmigrated): creates a database of leads and looks one up.
 */
require_once __DIR__ . '/legacy_client.php';

$copernica = new LegacyCopernicaClient(getenv('COPERNICA_USER'), getenv('COPERNICA_PASSWORD'),
                                       getenv('COPERNICA_ACCOUNT'), 'https://soap.copernica.com/');

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
