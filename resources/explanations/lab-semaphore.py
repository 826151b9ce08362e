sem = threading.Semaphore({limit})

def download(url):
    with sem:             # at most {limit} at once
        return requests.get(url).content

threads = [threading.Thread(target=download,
                            args=(url,))
           for url in urls]   # {threads} URLs
