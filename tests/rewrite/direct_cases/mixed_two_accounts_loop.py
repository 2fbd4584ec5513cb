"""Compare the field layouts of the same database across brand accounts."""
import itertools
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
BRANDS = ("Shop", "Outlet")


def credentials(account):
    return {"username": os.environ["CP_USER"], "account": account, "password": os.environ["CP_PW"]}


def layout(account, database_id):
    client = zeep.Client(WSDL)
    client.service.login(credentials(account))
    answer = client.service.Database_fields({"id": database_id})
    return {f.name: f.type for f in answer.items.field} if answer.items else {}


def compare(database_id):
    layouts = {brand: layout(brand, database_id) for brand in BRANDS}
    problems = []
    for left, right in itertools.combinations(BRANDS, 2):
        for name in sorted(set(layouts[left]) | set(layouts[right])):
            if layouts[left].get(name) != layouts[right].get(name):
                problems.append(f"{name}: {left}={layouts[left].get(name)} {right}={layouts[right].get(name)}")
    return problems


if __name__ == "__main__":
    for line in compare(1) or ["layouts match"]:
        print(line)
