<?php
class PomSoapClient extends SoapClient {
    public function __construct($email, $password {
        $this->login(array());
    }
}
