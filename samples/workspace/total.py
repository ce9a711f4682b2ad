def total(numbers):
    """စာရင်းရှိ ကိန်းဂဏန်းများ၏ ပေါင်းလဒ်ကို ပြန်ပေးသည်။"""
    result = 0
    for number in numbers:
        result += number
    return result


assert total([1, 2, 3]) == 6
assert total([]) == 0
