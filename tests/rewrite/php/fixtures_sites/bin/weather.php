<?php
require __DIR__ . '/../lib/WeatherClient.php';

$weather = new \Acme\Weather\WeatherClient('station-7', getenv('WEATHER_PASSWORD'), 'north');
print_r($weather->forecast(array('days' => 3)));
