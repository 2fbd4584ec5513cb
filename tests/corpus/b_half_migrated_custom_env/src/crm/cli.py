"""python -m crm.cli: open the week's support tickets."""

from crm import tickets
from crm.contacts import ContactBook


def main():
    book = ContactBook()
    database = book.database("Support")
    tickets.ensure_collection(database)
    quinten = book.add(database, "quinten@example.com")
    tickets.open_ticket(quinten, "invoice missing")
    tickets.open_ticket(quinten, "wrong address")
    print("tickets of quinten:", "; ".join(tickets.subjects(quinten)))


if __name__ == "__main__":
    main()
