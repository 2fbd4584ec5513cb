"""Import survey scores into Copernica.

    with CopernicaSession(...) as api:
        api.Database_createProfile(...)
"""

import logging
import os

import yaml
import zeep

log = logging.getLogger("survey")


class CopernicaSession:
    """A Copernica login session for the duration of a with-block."""

    def __init__(self, wsdl, username, password, account=""):
        self.wsdl = wsdl
        self.username = username
        self.password = password
        self.account = account
        self._client = None

    def __enter__(self):
        self._client = zeep.Client(self.wsdl)
        self._client.service.login(
            {"username": self.username, "account": self.account, "password": self.password}
        )
        log.info("Copernica session opened")
        return self._client.service

    def __exit__(self, exc_type, exc, tb):
        # No logout operation in the API: dropping the HTTP session ends ours.
        self._client.transport.session.close()
        self._client = None
        return False


def load_config(path="config.yaml"):
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), path)) as handle:
        return yaml.safe_load(handle)


def main():
    logging.basicConfig(level=logging.WARNING)
    config = load_config()
    cop = config["copernica"]
    survey = config["survey"]
    session = CopernicaSession(
        cop["wsdl"],
        os.environ[cop["username_env"]],
        os.environ[cop["password_env"]],
        os.environ.get(cop["account_env"], ""),
    )
    with session as api:
        database = api.Account_createDatabase({"name": survey["database"]}).database
        api.Database_createField({"id": database.id, "name": "email", "type": "email"})
        api.Database_createField({"id": database.id, "name": "score", "type": "integer"})
        for answer in survey["answers"]:
            fields = [{"key": "email", "value": answer["email"]}, {"key": "score", "value": str(answer["score"])}]
            api.Database_createProfile({"id": database.id, "fields": {"pair": fields}})
        promoters = api.Database_searchProfiles(
            {
                "id": database.id,
                "requirements": {"requirement": [{"fieldname": "score", "value": "10", "operator": "="}]},
            }
        )
    print("answers:", len(survey["answers"]))
    print("promoters with 10:", promoters.total)


if __name__ == "__main__":
    main()
