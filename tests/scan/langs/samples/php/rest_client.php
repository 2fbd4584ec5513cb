<?php
// Copernica REST API (not SOAP): access token in the query string. Must not be flagged.
$token = getenv('COPERNICA_ACCESS_TOKEN');
$url = 'https://api.copernica.com/v3/databases?access_token=' . urlencode($token);
$ch = curl_init($url);
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
curl_setopt($ch, CURLOPT_COOKIEJAR, '/tmp/copernica-rest-cookies');
$databases = json_decode(curl_exec($ch), true);

function login($user) {
    return $user;
}
login('copernica');
