import threading

class Account:
    def __init__(self):
        self.balance = 0
        self.lock = threading.RLock()  # a plain Lock here would deadlock below

    def deposit(self, amount):
        with self.lock:  # @step:outer @state:WaitingLock
            self.balance += amount
            self.log()  # calls another locked method

    def log(self):
        with self.lock:  # the same thread takes it again: fine for an RLock @step:inner
            print(f"balance is now {self.balance}")  # @state:Running

account = Account()
account.deposit(10)
