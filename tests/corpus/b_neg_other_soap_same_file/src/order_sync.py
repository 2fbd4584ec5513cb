"""Copy open ERP orders to Copernica as sub-profiles of the customer.

Two SOAP services in one job:
- the ERP (WSDL from ERP_WSDL, still user/password based: the ERP has no tokens);
- Copernica, already on an access token.
"""

import logging
import os

import zeep

log = logging.getLogger("order_sync")

COPERNICA_WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")


def erp_client():
    erp = zeep.Client(os.environ["ERP_WSDL"])
    erp.service.login(
        {
            "username": os.environ["ERP_USER"],
            "password": os.environ["ERP_PASSWORD"],
            "account": os.environ.get("ERP_COMPANY", "01"),
        }
    )
    return erp


def copernica_service():
    return zeep.Client(COPERNICA_WSDL).service


def main():
    logging.basicConfig(level=logging.INFO)
    erp = erp_client()
    orders = erp.service.GetOpenOrders({"since": "2024-01-01"})
    token = os.environ["COPERNICA_ACCESS_TOKEN"]
    copernica = copernica_service()
    existing = copernica.Account_database({"identifier": "Customers", "access_token": token})
    database = existing.database if existing is not None else None
    for order in sorted(orders, key=lambda o: o.number):
        found = copernica.Database_searchProfiles(
            {
                "id": database.id,
                "requirements": {"requirement": [{"fieldname": "customer_no", "value": order.customer, "operator": "="}]},
                "access_token": token,
            }
        )
        for profile in (found.items.profile if found.items is not None else []):
            copernica.Profile_createSubProfile(
                {
                    "id": profile.id,
                    "collection": {"name": "Orders"},
                    "fields": {"pair": [{"key": "number", "value": order.number}]},
                    "access_token": token,
                }
            )
        log.info("order %s copied", order.number)


if __name__ == "__main__":
    main()
