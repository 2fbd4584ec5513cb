"""Pull stock levels from the ERP's SOAP web service for the purchasing report."""

import logging
import os

import zeep

log = logging.getLogger("erp")

ERP_WSDL = "https://erp.example.com/ws?wsdl"


def fetch_stock(warehouse):
    client = zeep.Client(ERP_WSDL)
    erp = client.service
    # The ERP hands out a session id; every later call must pass it back.
    session_id = erp.login(
        {
            "username": os.environ["ERP_USER"],
            "password": os.environ["ERP_PASSWORD"],
            "account": os.environ.get("ERP_COMPANY", "main"),
        }
    )
    try:
        items = erp.GetStockLevels(sessionId=session_id, warehouse=warehouse)
        reserved = erp.GetReservations(sessionId=session_id, warehouse=warehouse)
    finally:
        erp.logout(sessionId=session_id)
    reserved_by_sku = {r.sku: r.quantity for r in reserved}
    return sorted((i.sku, i.quantity - reserved_by_sku.get(i.sku, 0)) for i in items)


def main():
    logging.basicConfig(level=logging.INFO)
    for sku, free in fetch_stock(os.environ.get("ERP_WAREHOUSE", "AMS-1")):
        print(f"{sku}: {free} free")


if __name__ == "__main__":
    main()
