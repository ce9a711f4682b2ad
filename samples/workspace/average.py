def average(numbers):
    """তালিকার সংখ্যাগুলোর গড় ফেরত দেয়; খালি তালিকার গড় 0।

    >>> average([2, 4, 6])
    4.0
    >>> average([])
    0
    """
    if not numbers:
        return 0
    return sum(numbers) / len(numbers)


def test_one_number():
    assert average([5]) == 5


def test_negative_numbers():
    assert average([-1, 1]) == 0
