<?php
class PomSoapClient extends SoapClient {
    public function __construct($email, $password { // expect: COP190
        $this->login(array()); // expect: COP101
    }
}
