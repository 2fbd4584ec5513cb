"""Nightly run: python -m marketing.main"""

import logging

from marketing import orders, subscribers

NEW_SUBSCRIBERS = ["olga@example.com", "piet@example.com"]
NEW_ORDERS = [("A-1001", 59), ("A-1002", 12), ("A-1003", 230)]


def main():
    logging.basicConfig(level=logging.WARNING)
    newsletter = subscribers.newsletter_database()
    for email in NEW_SUBSCRIBERS:
        subscribers.subscribe(newsletter, email)
    history = orders.orders_database()
    for order_no, amount in NEW_ORDERS:
        orders.record_order(history, order_no, amount)
    print("subscribers:", subscribers.count(newsletter))
    print("orders:", orders.total_orders(history))


if __name__ == "__main__":
    main()
