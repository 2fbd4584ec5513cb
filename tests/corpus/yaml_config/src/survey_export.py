"""Store survey answers in Copernica and print the promoters (configuration in config.yaml)."""

import logging
import os

import yaml
import zeep

log = logging.getLogger("survey_export")

CONFIG_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "config.yaml")


class SurveyExporter:
    def __init__(self, config):
        self.config = config
        api = config["copernica"]
        self.client = zeep.Client(api["wsdl"])
        self.client.service.login(
            {"username": api["username"], "account": api.get("account") or "", "password": api["password"]}
        )

    def setup(self):
        survey = self.config["survey"]
        db = self.client.service.Account_createDatabase({"name": survey["database"]}).database
        self.client.service.Database_createField({"id": db.id, "name": "email", "type": "email"})
        answers = self.client.service.Database_createCollection(
            {"id": db.id, "name": survey["collection"]}
        ).collection
        self.client.service.Collection_createField({"id": answers.id, "name": "score", "type": "integer"})
        return db, answers

    def store(self, db, respondent):
        profile = self.client.service.Database_createProfile(
            {"id": db.id, "fields": {"pair": [{"key": "email", "value": respondent["email"]}]}}
        ).profile
        self.client.service.Profile_createSubProfile({
            "id": profile.id,
            "collection": {"name": self.config["survey"]["collection"]},
            "fields": {"pair": [{"key": "score", "value": str(respondent["score"])}]},
        })

    def promoters(self, answers):
        found = self.client.service.Collection_searchSubProfiles({
            "id": answers.id,
            "requirements": {"requirement": [{"fieldname": "score", "value": "9", "operator": ">="}]},
        })
        return found.total


def main():
    with open(CONFIG_PATH) as handle:
        config = yaml.safe_load(handle)
    exporter = SurveyExporter(config)
    db, answers = exporter.setup()
    for respondent in config["survey"]["respondents"]:
        exporter.store(db, respondent)
    print("respondents:", len(config["survey"]["respondents"]))
    print("promoters:", exporter.promoters(answers))


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    main()
