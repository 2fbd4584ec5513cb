<?php
namespace Acme\App;

use Acme\Mail\PomSoapClient as Copernica;

class Newsletter
{
    private $soap;

    public function __construct($config)
    {
        $this->soap = new Copernica($config->get('copernica.email'), $config->get('copernica.password'),
            $config->get('copernica.account'));
    }

    public function send($id)
    {
        return $this->soap->Database_searchProfiles(array('id' => $id, 'requirements' => array()));
    }
}
