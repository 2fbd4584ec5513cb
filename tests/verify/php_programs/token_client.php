<?php
/**
 *  A token-based Copernica client in the style of the 2.x example client: no login, no cookies,
 *  the access token goes with every call. Test fixture for `copernica-migrate verify`.
 */
class TokenCopernicaClient extends SoapClient
{
    private $token;

    public function __construct($token, $url = 'https://soap.copernica.com', array $options = array())
    {
        $this->token = $token;
        parent::__construct($url . '?SOAPAPI=WSDL', $options + array(
            'soap_version' => SOAP_1_1,
            'cache_wsdl'   => WSDL_CACHE_BOTH,
        ));
    }

    public function __call($method, $arguments)
    {
        $params = new stdClass();
        foreach (isset($arguments[0]) ? $arguments[0] : array() as $key => $value) {
            $params->$key = $this->isMap($value) ? $this->toPairs($value) : $value;
        }
        $params->access_token = $this->token;
        return $this->simplify(parent::__call($method, array($params)));
    }

    private function isMap($value)
    {
        return is_array($value) && array_keys($value) !== range(0, count($value) - 1);
    }

    private function toPairs($map)
    {
        $pairs = array();
        foreach ($map as $key => $value) $pairs[] = array('key' => $key, 'value' => $value);
        return $pairs;
    }

    private function simplify($result)
    {
        if (isset($result->value)) return $result->value;
        if (isset($result->total)) {
            $items = array();
            foreach (isset($result->items) ? get_object_vars($result->items) : array() as $list) {
                foreach (is_array($list) ? $list : array($list) as $item) $items[] = $item;
            }
            $result->items = $items;
            return $result;
        }
        $members = get_object_vars($result);
        return $members ? reset($members) : false;
    }
}
