import threading

class Account:
    def __init__(self):
        self.balance = 0
        self.lock = threading.RLock()  # re-entrant

    def deposit(self, amount):
        with self.lock:  # @step:outer @state:WaitingLock
            self.balance += amount
            self.log()  # calls another locked method

    def log(self):
        with self.lock:  # taken again by its holder: fine @step:inner
            print(f"balance is now {self.balance}")  # @state:Running

account = Account()
account.deposit(10)
