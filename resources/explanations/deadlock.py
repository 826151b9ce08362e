import threading

lock_a = threading.Lock()
lock_b = threading.Lock()

def transfer_1():
    with lock_a:  # @step:first
        with lock_b:  # waits for thread 2 @step:second @state:WaitingLock
            pass  # @state:Running

def transfer_2():
    with lock_b:  # opposite order: the cycle is possible
        with lock_a:  # fix: take lock_a first here too
            pass

threading.Thread(target=transfer_1).start()
threading.Thread(target=transfer_2).start()
