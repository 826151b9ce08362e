account = threading.{lock}()

def log_balance():
    with account:         # taken again
        print(balance)

def deposit(amount):
    global balance
    with account:
        balance += amount
        log_balance()
