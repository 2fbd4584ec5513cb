<?php
/**
 *  A session-based Copernica client in the style of the 1.x PomSoapClient: it logs in once,
 *  keeps the session cookie in a file in the temp folder, and logs in again on "Not logged on".
 *  Test fixture for `copernica-migrate verify` (written for these tests).
 */
class LegacyCopernicaClient extends SoapClient
{
    private $credentials;
    private $wsdl;

    public function __construct($username, $password, $account = null, $url = 'https://soap.copernica.com/')
    {
        $this->credentials = array('username' => $username, 'password' => $password, 'account' => $account);
        $this->wsdl = $url . '?SOAPAPI=WSDL';
        parent::__construct($this->wsdl, array(
            'soap_version'   => SOAP_1_1,
            'trace'          => true,
            'cache_wsdl'     => WSDL_CACHE_BOTH,
            'stream_context' => stream_context_create(array('http' => array('protocol_version' => 1.1))),
        ));
        $this->restoreSession();
    }

    /** The file that keeps this user's session cookie between runs. */
    private function sessionFile()
    {
        $key = implode(':', array(getmyuid(), $this->wsdl, implode(':', $this->credentials), __CLASS__));
        return sys_get_temp_dir() . DIRECTORY_SEPARATOR . 'copernica-session-' . md5($key);
    }

    private function restoreSession($forceLogin = false)
    {
        $file = $this->sessionFile();
        if (!$forceLogin && is_readable($file)) {
            foreach (file($file, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) as $line) {
                $pair = explode('=', $line, 2);
                if (count($pair) == 2) $this->__setCookie($pair[0], $pair[1]);
            }
            return;
        }
        parent::__call('login', array((object) $this->credentials));
        foreach (explode("\n", (string) $this->__getLastResponseHeaders()) as $header) {
            if (stripos($header, 'Set-Cookie:') !== 0) continue;
            $cookie = trim(explode(';', substr($header, strlen('Set-Cookie:')), 2)[0]);
            $old = umask(0077);
            file_put_contents($file, $cookie . "\n", FILE_APPEND);
            umask($old);
        }
    }

    public function __call($method, $arguments)
    {
        $params = new stdClass();
        foreach (isset($arguments[0]) ? $arguments[0] : array() as $key => $value) {
            $params->$key = $this->isMap($value) ? $this->toPairs($value) : $value;
        }
        for ($attempt = 1; $attempt <= 2; $attempt++) {
            try {
                return $this->simplify(parent::__call($method, array($params)));
            } catch (SoapFault $fault) {
                if ($fault->getMessage() != 'Not logged on' || $attempt == 2) throw $fault;
                $this->restoreSession(true);
            }
        }
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

    /** value -> scalar, collection -> object with a list of items, entity -> the entity. */
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
