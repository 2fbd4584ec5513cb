"""COP104: handling the `Not logged on` fault by logging in again (an expired login session)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from migrator.rules import Rule, register
from migrator.scan.languages import TREE_SITTER
from migrator.scan.model import Finding
from migrator.scan.treesitter import php_family

if TYPE_CHECKING:  # keep `rules` listing free of tree-sitter imports
    from migrator.scan.treesitter.facts import FileAnalysis

CODE = "COP104"
MESSAGE = ("Re-login on the `Not logged on` fault keeps a login session alive; with an access token "
           "on every call there is no session to expire, so remove the re-login")


def _logs_in(fa: FileAnalysis, call, helpers: frozenset[str]) -> bool:
    """`login(...)`, `relogin()`, `__soapCall('login', ..)`, a function of this file that
    calls login (`connect()`), or (PHP) a method the class inherits that does (`handleCookie(true)`)."""
    return ("login" in call.name.lower() or fa.is_dynamic_login(call)
            or fa.norm(call.name) in fa.login_functions or fa.norm(call.name) in helpers)


def check(fa: FileAnalysis) -> Iterator[Finding]:
    # Copernica's exact fault text is evidence enough; require a login call next to it
    for literal in fa.strings:
        if "not logged on" not in literal.value.lower():
            continue
        scope = fa.enclosing(literal.node, fa.syntax.function_types) or fa.tree.root_node
        helpers = php_family.login_helpers(fa, literal.node) if fa.php is not None else frozenset()
        if any(_logs_in(fa, call, helpers) and fa.inside(call.node, scope) for call in fa.calls):
            yield fa.finding(CODE, literal.node, MESSAGE, "warning", php_family.in_family(fa, literal.node))


RULE = register(Rule(
    code=CODE,
    name="relogin-on-not-logged-on",
    summary="Catches the `Not logged on` fault and logs in again (login session expiry).",
    severity="warning",
    languages=TREE_SITTER,
    fixable=False,
    fixed_by={"php": ("migrator.rewrite.php.relogin_loop", "migrator.rewrite.php.vendor_copy")},
    invalid={
        "php": (
            "<?php\nclass PomSoapClient extends SoapClient {\n"
            "  public function __soapCall($name, $args, $options = null, $headers = null, &$out = null) {\n"
            "    try {\n      return parent::__soapCall($name, $args, $options, $headers, $out);\n"
            "    } catch (SoapFault $fault) {\n"
            "      if ($fault->faultstring != 'Not logged on') throw $fault;\n"
            "      return $this->relogin();\n    }\n  }\n}\n",
            "<?php\nclass Client extends SoapClient {\n  public function __call($method, $args) {\n"
            "    try {\n      return $this->__soapCall($method, $args);\n    } catch (SoapFault $e) {\n"
            "      if (strpos($e->getMessage(), 'Not logged on') === false) throw $e;\n"
            "      $this->__soapCall('login', array($this->credentials));\n"
            "      return $this->__soapCall($method, $args);\n    }\n  }\n}\n",
            # through a login helper the class inherits
            "<?php\nclass Retrying extends Mailer {\n  public function __call($method, $args) {\n"
            "    try {\n      return parent::__call($method, $args);\n    } catch (SoapFault $e) {\n"
            "      if ($e->getMessage() != 'Not logged on') throw $e;\n      $this->Connect(true);\n"
            "      return parent::__call($method, $args);\n    }\n  }\n}\n"
            "class Mailer extends SoapClient {\n"
            "  protected function connect($force) { $this->__soapCall('login', array($this->credentials)); }\n}\n",
        ),
        "java": (
            "class A {\n  Result call(POMPortType port, InputAccountDatabases in) {\n"
            "    try {\n      return port.accountDatabases(in);\n    } catch (SOAPFaultException e) {\n"
            "      if (!\"Not logged on\".equals(e.getMessage())) throw e;\n      login();\n"
            "      return port.accountDatabases(in);\n    }\n  }\n}\n",
        ),
        "csharp": (
            "class A {\n  Result Call(input_Account_databases input) {\n    try {\n"
            "      return soap.Account_databases(input);\n    } catch (SoapException e) when (e.Message == \"Not logged on\") {\n"
            "      Login();\n      return soap.Account_databases(input);\n    }\n  }\n}\n",
        ),
        "javascript": (
            "function call(op, args, cb) {\n  client[op]({ parameters: args }, (err, res) => {\n"
            "    if (err && /Not logged on/.test(err.message)) return login(() => call(op, args, cb));\n"
            "    cb(err, res);\n  });\n}\n",
        ),
        "typescript": (
            "async function call(op: string, args: object) {\n  try {\n"
            "    return await client[op + 'Async']({ parameters: args });\n  } catch (e: any) {\n"
            "    if (!String(e.message).includes('Not logged on')) throw e;\n    await client.loginAsync({ parameters: creds });\n"
            "    return client[op + 'Async']({ parameters: args });\n  }\n}\n",
        ),
    },
    valid={
        "php": (
            "<?php\ntry {\n  $soap->Account_databases(array());\n} catch (SoapFault $fault) {\n"
            "  if ($fault->faultstring == 'Not logged on') error_log('check the access token');\n  throw $fault;\n}\n",
            # the inherited helper it calls does not log in
            "<?php\nclass Mailer extends SoapClient {\n"
            "  protected function connect() { $this->__soapCall('login', array($this->credentials)); }\n"
            "  protected function forget() { $this->cache = array(); }\n}\n"
            "class Retrying extends Mailer {\n  public function __call($method, $args) {\n"
            "    try {\n      return parent::__call($method, $args);\n    } catch (SoapFault $e) {\n"
            "      if ($e->getMessage() == 'Not logged on') $this->forget();\n      throw $e;\n    }\n  }\n}\n",
        ),
        "java": (
            "class A {\n  void run() {\n    if (failed) log.warn(\"Not logged on\");\n  }\n  void login() {}\n}\n",
        ),
        "csharp": (
            "class A {\n  void Run(Exception e) {\n    if (e.Message == \"Not logged on\") throw new InvalidOperationException(\"token rejected\");\n  }\n}\n",
        ),
        "javascript": (
            "if (/Not logged on/.test(err.message)) throw new Error('access token rejected');\n",
        ),
        "typescript": (
            "function onLogin() { auth.login(user); }\n"
            "function onFault(e: Error) { if (e.message === 'Not logged on') console.error(e); }\n",
        ),
    },
    check=check,
))
