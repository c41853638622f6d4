#!/usr/bin/env python3
"""gen.py: deterministic generator of realistic CRM data for `make bench`.

usage: python3 bench/gen.py --rows N --seed S --out DIR [--dupes RATE] [--excel]
                            [--orders N] [--quiet]

Writes, for the same arguments always byte-for-byte the same files:

  DIR/contacts.csv   UTF-8, ',', LF, canonical headers:
                     external_id,last_name,first_name,middle_name,company,phone,
                     email,city,source,created_at,amount,truth_id
  DIR/truth.csv      line,external_id,truth_id,kind: one row per contact row
                     (line = physical line in contacts.csv; same truth_id = same
                     person; kind = original, or how the duplicate was made)
  DIR/companies.csv  external_id,name,inn,kpp,ogrn,city,phone,email,website:
                     the employers named in contacts.csv, with valid ИНН
                     (10 digits, or 12 for ИП), КПП and ОГРН/ОГРНИП
  DIR/orders.csv     external_id,customer,order_date,amount,status (only with
                     --orders N); customer is a contact's external_id

With --excel every file name gets "-excel" (contacts-excel.csv,
truth-excel.csv, companies-excel.csv, orders-excel.csv), so both variants can
share DIR, and contacts-excel.csv is what Excel saves as "CSV (;)" on a
Russian Windows: CP1251, ';', CRLF, the headers
Фамилия;Имя;Отчество;Компания;Телефон;E-mail;Город;Источник;Дата создания;Сумма
(no external_id or truth_id column; truth-excel.csv has external_id empty
and says which person each line is).

Exactly round(N * RATE) rows (--dupes RATE, default 0.1) name a person that
another row already names; the first row of each person is its "original",
and the duplicates are spread over the whole file.  Duplicates are made as
a CRM gets them: transliterations (Иванов/Ivanov), typos, swapped first and
last names, diminutives (Александр/Саша), ё/е, phones and e-mails in other
shapes, company legal-form variants, missing fields.

Python 3 standard library only.  A summary goes to stderr (unless --quiet):
one line per file written, with its row count.
"""

import argparse
import bisect
import csv
import datetime
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REFDIR = os.path.join(HERE, "..", "tests", "data", "reference")

CONTACT_COLS = ["external_id", "last_name", "first_name", "middle_name",
                "company", "phone", "email", "city", "source", "created_at",
                "amount", "truth_id"]
EXCEL_COLS = ["Фамилия", "Имя", "Отчество", "Компания", "Телефон", "E-mail",
              "Город", "Источник", "Дата создания", "Сумма"]
TRUTH_COLS = ["line", "external_id", "truth_id", "kind"]
COMPANY_COLS = ["external_id", "name", "inn", "kpp", "ogrn", "city", "phone",
                "email", "website"]
ORDER_COLS = ["external_id", "customer", "order_date", "amount", "status"]

NBSP = "\u00a0"

# ---------------------------------------------------------------- word lists

# Common Russian surnames, most frequent first (male form; the female form is
# derived: -ов/-ев/-ёв/-ин/-ын +а, -ский/-цкий -> -ская/-цкая; the rest are
# the same for both).
RU_SURNAMES = """
Смирнов Иванов Кузнецов Соколов Попов Лебедев Козлов Новиков Морозов Петров
Волков Соловьёв Васильев Зайцев Павлов Семёнов Голубев Виноградов Богданов
Воробьёв Фёдоров Михайлов Беляев Тарасов Белов Комаров Орлов Киселёв Макаров
Андреев Ковалёв Ильин Гусев Титов Кузьмин Кудрявцев Баранов Куликов Алексеев
Степанов Яковлев Сорокин Сергеев Романов Захаров Борисов Королёв Герасимов
Пономарёв Григорьев Лазарев Медведев Ершов Никитин Соболев Рябов Поляков
Цветков Данилов Жуков Фролов Журавлёв Николаев Крылов Максимов Сидоров Осипов
Белоусов Федотов Дорофеев Егоров Матвеев Бобров Дмитриев Калинин Анисимов
Петухов Антонов Тимофеев Никифоров Веселов Филиппов Марков Большаков Суханов
Миронов Ширяев Александров Коновалов Шестаков Казаков Ефимов Денисов Громов
Фомин Давыдов Мельников Щербаков Блинов Колесников Карпов Афанасьев Власов
Маслов Исаков Тихонов Аксёнов Гаврилов Родионов Котов Горбунов Кудряшов Быков
Зуев Третьяков Савельев Панов Рыбаков Суворов Абрамов Воронов Мухин Архипов
Трофимов Мартынов Емельянов Горшков Чернов Овчинников Селезнёв Панфилов
Копылов Михеев Галкин Назаров Лобанов Лукин Беляков Потапов Некрасов Хохлов
Жданов Наумов Шилов Воронцов Ермаков Дроздов Игнатьев Савин Логинов Сафонов
Капустин Кириллов Моисеев Елисеев Кошелев Костин Горбачёв Орехов Ефремов
Исаев Евдокимов Калашников Кабанов Носков Юдин Кулагин Лапин Прохоров Нестеров
Харитонов Агафонов Муравьёв Ларионов Федосеев Зимин Пахомов Шубин Игнатов
Филатов Крюков Рогов Кулаков Терентьев Молчанов Владимиров Артемьев Гурьев
Зиновьев Гришин Кононов Дементьев Ситников Симонов Мишин Фадеев Комиссаров
Мамонтов Носов Гуляев Шаров Устинов Вишняков Евсеев Лаврентьев Брагин Константинов
Корнилов Авдеев Зыков Бирюков Шарапов Никонов Щукин Дьячков Одинцов Сазонов
Якушев Красильников Гордеев Самойлов Князев Беспалов Уваров Шашков Бобылёв
Доронин Белозёров Рожков Самсонов Мясников Лихачёв Буров Сысоев Фомичёв Русаков
Стрелков Гущин Тетерин Колобов Субботин Фокин Блохин Селиверстов Пестов Кондратьев
Силин Меркушев Лыткин Туров Высоцкий Вишневский Ковальский Покровский Островский
Шевченко Бондаренко Коваленко Ткаченко Кравченко Черных Седых Ким Цой Пак
""".split()

EN_FIRST = [  # name, gender, weight, diminutive
    ("James", "m", 33, "Jim"), ("John", "m", 32, "Jack"),
    ("Robert", "m", 32, "Bob"), ("Michael", "m", 43, "Mike"),
    ("William", "m", 25, "Bill"), ("David", "m", 36, "Dave"),
    ("Richard", "m", 25, "Rick"), ("Thomas", "m", 22, "Tom"),
    ("Charles", "m", 17, "Charlie"), ("Daniel", "m", 24, "Dan"),
    ("Matthew", "m", 16, "Matt"), ("Anthony", "m", 14, "Tony"),
    ("Christopher", "m", 24, "Chris"), ("Joseph", "m", 18, "Joe"),
    ("Steven", "m", 12, "Steve"), ("Andrew", "m", 13, "Andy"),
    ("Peter", "m", 8, "Pete"), ("George", "m", 8, ""),
    ("Paul", "m", 9, ""), ("Mark", "m", 11, ""),
    ("Mary", "f", 31, ""), ("Patricia", "f", 15, "Pat"),
    ("Jennifer", "f", 25, "Jen"), ("Linda", "f", 14, ""),
    ("Elizabeth", "f", 15, "Liz"), ("Barbara", "f", 11, "Barb"),
    ("Susan", "f", 10, "Sue"), ("Jessica", "f", 14, "Jess"),
    ("Sarah", "f", 13, ""), ("Karen", "f", 9, ""),
    ("Emily", "f", 11, "Em"), ("Margaret", "f", 9, "Maggie"),
    ("Katherine", "f", 8, "Kate"), ("Rebecca", "f", 7, "Becky"),
    ("Laura", "f", 7, ""), ("Emma", "f", 8, ""),
]

EN_SURNAMES = """
Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson Thomas
Moore Martin Jackson Thompson White Harris Clark Lewis Walker Hall Young King
Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter
Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook Rogers
Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood
Watson Brooks Bennett Gray Hughes Price Sanders Foster Russell Fisher Hamilton
""".split()

# English names as a Russian clerk would type them (for "translit" duplicates).
EN_TO_RU = {
    "James": "Джеймс", "John": "Джон", "Robert": "Роберт", "Michael": "Майкл",
    "William": "Уильям", "David": "Дэвид", "Richard": "Ричард",
    "Thomas": "Томас", "Charles": "Чарльз", "Daniel": "Дэниел",
    "Matthew": "Мэттью", "Anthony": "Энтони", "Christopher": "Кристофер",
    "Joseph": "Джозеф", "Steven": "Стивен", "Andrew": "Эндрю",
    "Peter": "Питер", "George": "Джордж", "Paul": "Пол", "Mark": "Марк",
    "Mary": "Мэри", "Patricia": "Патрисия", "Jennifer": "Дженнифер",
    "Linda": "Линда", "Elizabeth": "Элизабет", "Barbara": "Барбара",
    "Susan": "Сьюзан", "Jessica": "Джессика", "Sarah": "Сара",
    "Karen": "Карен", "Emily": "Эмили", "Margaret": "Маргарет",
    "Katherine": "Кэтрин", "Rebecca": "Ребекка", "Laura": "Лора",
    "Emma": "Эмма",
    "Smith": "Смит", "Johnson": "Джонсон", "Williams": "Уильямс",
    "Brown": "Браун", "Jones": "Джонс", "Miller": "Миллер",
    "Davis": "Дэвис", "Wilson": "Уилсон", "Taylor": "Тейлор",
    "Anderson": "Андерсон", "Thomas_": "Томас", "Moore": "Мур",
    "Martin": "Мартин", "Jackson": "Джексон", "Thompson": "Томпсон",
    "White": "Уайт", "Harris": "Харрис", "Clark": "Кларк", "Lewis": "Льюис",
    "Walker": "Уокер", "Hall": "Холл", "Young": "Янг", "King": "Кинг",
    "Wright": "Райт", "Scott": "Скотт", "Green": "Грин", "Baker": "Бейкер",
    "Adams": "Адамс", "Nelson": "Нельсон", "Hill": "Хилл",
    "Campbell": "Кэмпбелл", "Mitchell": "Митчелл", "Roberts": "Робертс",
    "Carter": "Картер", "Parker": "Паркер", "Collins": "Коллинз",
    "Cooper": "Купер", "Morgan": "Морган", "Kelly": "Келли", "Gray": "Грей",
}

RU_DIMINUTIVES = {
    "Александр": "Саша", "Александра": "Саша", "Алексей": "Лёша",
    "Анастасия": "Настя", "Анатолий": "Толя", "Андрей": "Андрюша",
    "Анна": "Аня", "Борис": "Боря", "Валентина": "Валя", "Валерий": "Валера",
    "Василий": "Вася", "Виктор": "Витя", "Владимир": "Володя",
    "Галина": "Галя", "Григорий": "Гриша", "Дмитрий": "Дима",
    "Евгений": "Женя", "Евгения": "Женя", "Екатерина": "Катя",
    "Елена": "Лена", "Иван": "Ваня", "Ирина": "Ира", "Константин": "Костя",
    "Ксения": "Ксюша", "Людмила": "Люда", "Мария": "Маша", "Михаил": "Миша",
    "Надежда": "Надя", "Наталья": "Наташа", "Николай": "Коля",
    "Ольга": "Оля", "Павел": "Паша", "Петр": "Петя", "Пётр": "Петя",
    "Роман": "Рома", "Светлана": "Света", "Сергей": "Серёжа",
    "Татьяна": "Таня", "Юлия": "Юля", "Юрий": "Юра", "Максим": "Макс",
    "Вячеслав": "Слава", "Станислав": "Стас", "Владислав": "Влад",
    "Геннадий": "Гена", "Леонид": "Лёня", "Любовь": "Люба",
    "Вера": "Вера", "Зинаида": "Зина", "Тамара": "Тома", "Антонина": "Тоня",
    "Федор": "Федя", "Фёдор": "Федя", "Степан": "Стёпа", "Яков": "Яша",
    "Кирилл": "Киря", "Егор": "Егорка", "Дарья": "Даша", "Полина": "Поля",
    "Виктория": "Вика", "Маргарита": "Рита", "Елизавета": "Лиза",
}

RU_CITIES = [  # city, weight, variants seen in spreadsheets
    ("Москва", 300, ["г. Москва", "Moscow", "москва", "МОСКВА"]),
    ("Санкт-Петербург", 130, ["СПб", "Санкт Петербург", "г. Санкт-Петербург",
                              "Saint Petersburg", "Питер"]),
    ("Новосибирск", 40, ["г. Новосибирск", "Novosibirsk"]),
    ("Екатеринбург", 38, ["г. Екатеринбург", "Екб", "Yekaterinburg"]),
    ("Казань", 32, ["г. Казань", "Kazan"]),
    ("Нижний Новгород", 30, ["Н. Новгород", "Нижний", "Nizhny Novgorod"]),
    ("Челябинск", 27, ["г. Челябинск"]),
    ("Самара", 26, ["г. Самара", "Samara"]),
    ("Омск", 25, ["г. Омск"]),
    ("Ростов-на-Дону", 25, ["Ростов", "Ростов на Дону"]),
    ("Уфа", 24, ["г. Уфа", "Ufa"]),
    ("Красноярск", 24, ["г. Красноярск"]),
    ("Воронеж", 23, ["г. Воронеж"]),
    ("Пермь", 23, ["г. Пермь", "Perm"]),
    ("Волгоград", 22, ["г. Волгоград"]),
    ("Краснодар", 22, ["г. Краснодар", "Krasnodar"]),
    ("Тюмень", 17, ["г. Тюмень"]),
    ("Саратов", 17, ["г. Саратов"]),
    ("Ижевск", 14, ["г. Ижевск"]),
    ("Барнаул", 13, ["г. Барнаул"]),
    ("Иркутск", 13, ["г. Иркутск"]),
    ("Хабаровск", 13, ["г. Хабаровск"]),
    ("Владивосток", 12, ["г. Владивосток", "Vladivostok"]),
    ("Ярославль", 12, ["г. Ярославль"]),
    ("Томск", 11, ["г. Томск"]),
    ("Калининград", 10, ["г. Калининград"]),
    ("Сочи", 9, ["г. Сочи", "Sochi"]),
    ("Тула", 9, ["г. Тула"]),
    ("Химки", 5, ["г. Химки", "Химки, МО"]),
    ("Зеленоград", 4, ["г. Зеленоград"]),
]
EN_CITIES = [
    ("London", 10, ["london", "London, UK"]),
    ("New York", 8, ["NYC", "New York, NY"]),
    ("Berlin", 5, ["berlin"]),
    ("Dubai", 4, ["Дубай"]),
    ("Almaty", 4, ["Алматы"]),
    ("Minsk", 4, ["Минск"]),
    ("Limassol", 3, ["Лимассол"]),
    ("Москва", 12, ["Moscow", "г. Москва"]),
]

SOURCES = [
    ("Сайт", 26), ("сайт", 3), ("Реклама", 12), ("Рекомендация", 10),
    ("Холодный звонок", 9), ("Выставка", 5), ("Яндекс.Директ", 6),
    ("Email-рассылка", 3), ("Соцсети", 4), ("website", 6), ("Website", 2),
    ("ads", 4), ("Google Ads", 2), ("referral", 3), ("cold call", 2),
    ("trade show", 1), ("", 8),
]

RU_CO_WORDS = """
Ромашка Вектор Альфа Горизонт Меридиан Сибирь Восток Прогресс Гарант Лидер
Элемент Стандарт Импульс Квант Орион Вега Атлант Магистраль Фортуна Регион
Содружество Партнёр Альянс Интеграл Спектр Радуга Берёза Рубин Гранит Кристалл
Эталон Монолит Феникс Олимп Навигатор Технология Перспектива Успех Профиль
Меркурий Сатурн Юпитер Полюс Парус Маяк Exline Вертикаль Основа Пульс
""".split()
RU_CO_PREFIX = ["Строй", "Техно", "Агро", "Энерго", "Торг", "Инвест", "Транс",
                "Мед", "Софт", "Пром", "Нефте", "Газ", "Авто", "Эко", "Инфо",
                "Логистик", "Фарм", "Металл", "Электро", "Тех"]
RU_CO_SUFFIX = ["сервис", "групп", "комплект", "маркет", "снаб", "проект",
                "торг", "строй", "трейд", "систем", "лайн", "плюс", "центр",
                "холдинг", "ресурс", "инвест", "тех", "пром", "софт", "мир"]
EN_CO_WORDS = """
Acme Northwind Globex Initech Umbrella Stark Wayne Hooli Vandelay Contoso
Fabrikam Tailspin Litware Adventure Blue Harbor Silverline Redwood Summit
Pinnacle Horizon Evergreen Keystone Bluebird Ironclad Brightway Clearwater
""".split()
EN_CO_TAIL = ["", "", " Systems", " Trading", " Logistics", " Software",
              " Consulting", " Group", " Partners", " Labs"]

# legal form, weight, kind (ru/ip/en), full name
LEGAL_FORMS = [
    ("ООО", 55, "ru", "Общество с ограниченной ответственностью"),
    ("АО", 9, "ru", "Акционерное общество"),
    ("ПАО", 2, "ru", "Публичное акционерное общество"),
    ("ЗАО", 4, "ru", "Закрытое акционерное общество"),
    ("ОАО", 2, "ru", "Открытое акционерное общество"),
    ("ИП", 12, "ip", "Индивидуальный предприниматель"),
    ("LLC", 7, "en", "Limited Liability Company"),
    ("Inc.", 4, "en", "Incorporated"),
    ("Ltd", 3, "en", "Limited"),
    ("GmbH", 2, "en", "Gesellschaft mit beschränkter Haftung"),
]

# 4-digit tax office codes (region + inspection) for ИНН and КПП
TAX_OFFICES = ["7701", "7702", "7705", "7707", "7710", "7714", "7718", "7722",
               "7728", "7734", "7743", "7751", "7802", "7804", "7810", "7816",
               "7825", "7838", "5003", "5024", "5047", "5405", "6658", "6670",
               "1655", "5260", "7453", "6315", "5503", "6164", "0274", "2465",
               "3664", "5904", "3443", "2308", "7203", "6452", "2540", "3906"]

PHONE_CODES = ["912", "915", "916", "917", "903", "905", "906", "909", "925",
               "926", "929", "977", "985", "999", "921", "911", "981", "950",
               "952", "953", "960", "961", "962", "963", "964", "965", "967",
               "968", "901", "902", "904", "908", "913", "914", "918", "919",
               "920", "922", "923", "924", "927", "928", "951", "958", "982",
               "983", "987", "988", "989", "995"]
US_AREA = ["212", "646", "415", "310", "617", "312", "202", "305", "206",
           "512"]

RU_MAIL = [("mail.ru", 30), ("yandex.ru", 28), ("gmail.com", 22),
           ("bk.ru", 5), ("list.ru", 5), ("inbox.ru", 4), ("rambler.ru", 4),
           ("ya.ru", 2)]
EN_MAIL = [("gmail.com", 50), ("outlook.com", 15), ("yahoo.com", 12),
           ("hotmail.com", 8), ("icloud.com", 6), ("proton.me", 3)]

STATUSES = [("completed", 80), ("cancelled", 8), ("refunded", 4),
            ("pending", 4), ("оплачен", 3), ("отменён", 1)]

DAY0 = datetime.date(2019, 1, 1).toordinal()
DAYS = datetime.date(2025, 10, 31).toordinal() - DAY0
EXCEL_EPOCH = datetime.date(1899, 12, 30).toordinal()

ICAO = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k",
                 "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts",
                 "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia"]))
POPULAR = dict(ICAO, й="y", ю="yu", я="ya", ъ="", х="h", ё="yo")

KEYB_RU = ["йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"]
KEYB_EN = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def keyb_neighbours(rows):
    nb = {}
    for r in rows:
        for i, ch in enumerate(r):
            nb[ch] = (r[i - 1] if i > 0 else "") + (r[i + 1] if i + 1 < len(r) else "")
    return nb


NEIGHBOURS = keyb_neighbours(KEYB_RU)
NEIGHBOURS.update(keyb_neighbours(KEYB_EN))


# ------------------------------------------------------------------ helpers

class Picker:
    """Weighted choice by bisect over cumulative weights."""
    __slots__ = ("items", "cum", "total")

    def __init__(self, pairs):
        self.items = [p[0] for p in pairs]
        self.cum = []
        t = 0
        for p in pairs:
            t += p[1]
            self.cum.append(t)
        self.total = t

    def __call__(self, rng):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def translit(s, table):
    out = []
    for ch in s:
        lo = ch.lower()
        if lo in table:
            t = table[lo]
            out.append(t.capitalize() if ch != lo and t else t)
        else:
            out.append(ch)
    return "".join(out)


def female_surname(m):
    if m.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return m + "а"
    if m.endswith("ский"):
        return m[:-4] + "ская"
    if m.endswith("цкий"):
        return m[:-4] + "цкая"
    return m


def inn10(rng, office, serial):
    d = [int(c) for c in office + "%05d" % serial]
    w = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    d.append(sum(a * b for a, b in zip(w, d)) % 11 % 10)
    return "".join(map(str, d))


def inn12(rng, office, serial):
    d = [int(c) for c in office + "%06d" % serial]
    w1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    d.append(sum(a * b for a, b in zip(w1, d)) % 11 % 10)
    w2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    d.append(sum(a * b for a, b in zip(w2, d)) % 11 % 10)
    return "".join(map(str, d))


def ogrn13(rng, office):
    body = "1%02d%s%s%05d" % (rng.randint(2, 24), office[:2], office[2:],
                              rng.randrange(100000))
    return body + str(int(body) % 11 % 10)


def ogrnip15(rng, office):
    body = "3%02d%s%s%07d" % (rng.randint(4, 24), office[:2], office[2:],
                              rng.randrange(10000000))
    return body + str(int(body) % 13 % 10)


def load_names(refdir, encodable):
    """First names and patronymics with frequencies, by gender."""
    first = {"m": [], "f": []}
    with open(os.path.join(refdir, "names.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            g = r["gender"]
            if g in first and int(r["count"]) >= 300 and encodable(r["text"]):
                first[g].append((r["text"], int(r["count"])))
    middle = {"m": [], "f": []}
    with open(os.path.join(refdir, "midnames.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            g = r["gender"]
            if g in middle and int(r["count"]) >= 300 and encodable(r["text"]):
                middle[g].append((r["text"], int(r["count"])))
    for d in (first, middle):
        for g in d:
            if not d[g]:
                sys.exit("gen.py: no usable names in %s" % refdir)
            d[g].sort(key=lambda p: (-p[1], p[0]))
    return first, middle


# --------------------------------------------------------------- generator

class Gen:
    def __init__(self, a):
        self.seed = a.seed
        self.excel = a.excel
        self.rng = random.Random(a.seed)
        enc = (lambda s: _cp1251_ok(s)) if a.excel else (lambda s: True)
        first, middle = load_names(a.refdir, enc)
        self.first = {g: Picker(first[g]) for g in first}
        self.middle = {g: Picker(middle[g]) for g in middle}
        self.surname = Picker([(s, 1000.0 / (i + 8)) for i, s in enumerate(RU_SURNAMES)])
        self.en_first = {g: Picker([(n, w) for n, gg, w, _ in EN_FIRST if gg == g])
                         for g in ("m", "f")}
        self.en_dim = {n: d for n, _, _, d in EN_FIRST if d}
        self.en_surname = Picker([(s, 100.0 / (i + 5)) for i, s in enumerate(EN_SURNAMES)])
        self.ru_city = Picker([(c, w) for c, w, _ in RU_CITIES])
        self.en_city = Picker([(c, w) for c, w, _ in EN_CITIES])
        self.city_var = {}
        for c, _, v in RU_CITIES + EN_CITIES:
            self.city_var.setdefault(c, v)
        self.source = Picker(SOURCES)
        self.ru_mail = Picker(RU_MAIL)
        self.en_mail = Picker(EN_MAIL)
        self.status = Picker(STATUSES)
        self.legal = Picker([((f, k, full), w) for f, w, k, full in LEGAL_FORMS])
        self.phone_fmt = Picker([(0, 20), (1, 18), (2, 14), (3, 12), (4, 10),
                                 (5, 12), (6, 8), (7, 6)])
        if a.excel:
            self.date_fmt = Picker([(0, 10), (1, 45), (2, 25), (3, 15), (4, 5)])
            self.amount_fmt = Picker([(0, 5), (1, 40), (2, 30), (3, 0), (4, 10), (5, 15)])
        else:
            self.date_fmt = Picker([(0, 45), (1, 25), (2, 8), (3, 12), (4, 10)])
            self.amount_fmt = Picker([(0, 30), (1, 20), (2, 15), (3, 5), (4, 5), (5, 25)])
        self.dup_name = Picker([("translit", 14), ("typo", 24), ("swap", 9),
                                ("diminutive", 14), ("yo", 5), ("no_middle", 6)])
        self.dup_contact = Picker([("phone_shape", 22), ("email_shape", 18),
                                   ("legal_form", 14), ("no_email", 10),
                                   ("no_phone", 8), ("city_variant", 10)])
        self.co_style = Picker([(0, 45), (1, 30), (2, 15), (3, 10)])
        self.companies = []

    # ---- companies

    def make_companies(self, n):
        for cid in range(1, n + 1):
            r = random.Random(self.seed * 1000003 + 900000001 + cid)
            form, kind, full = self.legal(r)
            office = TAX_OFFICES[cid % len(TAX_OFFICES)]
            serial = (cid // len(TAX_OFFICES) * 7919 + cid % len(TAX_OFFICES) * 3331 +
                      self.seed * 104729) % 100000
            if kind == "ip":
                g = "m" if r.random() < 0.6 else "f"
                last = self.surname(r)
                if g == "f":
                    last = female_surname(last)
                fn = self.first[g](r)
                mn = self.middle[g](r)
                name = "%s %s.%s." % (last, fn[0], mn[0])
                inn = inn12(r, office, serial * 10 + r.randrange(10))
                kpp = ""
                ogrn = ogrnip15(r, office)
                dom = translit(last, POPULAR).lower() + "-ip.ru"
            else:
                if kind == "en":
                    name = EN_CO_WORDS[r.randrange(len(EN_CO_WORDS))] + \
                        EN_CO_TAIL[r.randrange(len(EN_CO_TAIL))]
                    dom = name.lower().replace(" ", "") + (".com" if r.random() < 0.7 else ".io")
                else:
                    x = r.random()
                    if x < 0.45:
                        name = RU_CO_WORDS[r.randrange(len(RU_CO_WORDS))]
                    elif x < 0.9:
                        name = RU_CO_PREFIX[r.randrange(len(RU_CO_PREFIX))] + \
                            RU_CO_SUFFIX[r.randrange(len(RU_CO_SUFFIX))]
                    else:
                        name = RU_CO_PREFIX[r.randrange(len(RU_CO_PREFIX))] + \
                            RU_CO_SUFFIX[r.randrange(len(RU_CO_SUFFIX))] + \
                            "-" + RU_CO_WORDS[r.randrange(len(RU_CO_WORDS))]
                    dom = translit(name, POPULAR).lower().replace("-", "") + ".ru"
                inn = inn10(r, office, serial)
                kpp = office + "01001"
                ogrn = ogrn13(r, office)
            city = self.ru_city(r) if kind != "en" else self.en_city(r)
            # the usual way this company is written in this CRM
            style = self.co_style(r)
            self.companies.append((form, kind, full, name, inn, kpp, ogrn, city,
                                   dom, style, cid))

    def company_str(self, c, style):
        form, kind, full, name = c[0], c[1], c[2], c[3]
        if kind == "ip":
            return [f"ИП {name}", f"ИП {name}", f"{name} ИП", f"{full} {name}",
                    f"ИП {name.replace('.', '. ').strip()}"][style]
        if kind == "en":
            if self.excel:  # CP1251 has no Latin letters with diacritics
                full = full.replace("ä", "ae")
            return [f"{name} {form}", f"{name}, {form}", f"{name} {form}",
                    f"{name.upper()} {form.upper()}", f"{name} {full}"][style]
        return [f"{form} «{name}»", f"{form} \"{name}\"", f"{form} {name}",
                f"\"{name}\", {form}", f"{full} «{name}»"][style]

    def write_companies(self, path):
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(COMPANY_COLS)
            for c in self.companies:
                form, kind, full, name, inn, kpp, ogrn, city, dom, style, cid = c
                phone = "+7 (%s) %s" % (PHONE_CODES[cid % 7], "%03d-%02d-%02d" % (
                    cid % 1000, cid // 1000 % 100, (cid * 37) % 100))
                if kind == "en":
                    phone = ""
                w.writerow(["K%06d" % cid, self.company_str(c, style % 3), inn, kpp,
                            ogrn, city, phone, "info@" + dom, "https://" + dom])
        return len(self.companies)

    # ---- people

    def entity(self, eid):
        """The canonical person eid: the same for every row that names it."""
        r = random.Random(self.seed * 1000003 + eid)
        ru = r.random() < 0.85
        g = "m" if r.random() < 0.55 else "f"
        if ru:
            last = self.surname(r)
            if g == "f":
                last = female_surname(last)
            first = self.first[g](r)
            middle = self.middle[g](r) if r.random() < 0.9 else ""
        else:
            last = self.en_surname(r)
            first = self.en_first[g](r)
            middle = ""
        cid = 0
        if self.companies and r.random() < 0.65:
            # employers follow a Zipf-like law: a few big clients, a long tail
            cid = 1 + int(len(self.companies) * r.random() ** 1.3)
        sub = (eid * 7919 + self.seed * 104729) % 10000000
        if ru or r.random() < 0.6:
            phone = ("7", PHONE_CODES[eid % len(PHONE_CODES)], "%07d" % sub)
        else:
            sub = (eid * 7919 + self.seed * 104729) % 8000000 + 2000000
            phone = ("1", US_AREA[eid % len(US_AREA)], "%07d" % sub)
        ext = str(r.randint(10, 999)) if r.random() < 0.03 else ""
        has_phone = r.random() < 0.93
        has_email = r.random() < 0.88
        fl = translit(first, POPULAR).lower()
        ll = translit(last, POPULAR).lower()
        st = r.randrange(6)
        if cid and r.random() < 0.4:
            dom = self.companies[cid - 1][8]
        else:
            dom = (self.ru_mail if ru else self.en_mail)(r)
        local = [f"{fl}.{ll}{eid}", f"{fl[0]}.{ll}{eid}", f"{ll}{eid}",
                 f"{fl}_{ll}.{eid}", f"{ll}.{fl[0]}{eid}", f"{fl}{eid}"][st]
        if cid:
            city = self.companies[cid - 1][7] if r.random() < 0.7 else \
                (self.ru_city(r) if ru else self.en_city(r))
        else:
            city = self.ru_city(r) if ru else self.en_city(r)
        if r.random() < 0.04:
            city = ""
        day = r.randrange(DAYS)
        return (ru, g, last, first, middle, cid, phone, ext, has_phone,
                has_email, local + "@" + dom, city, day)

    def fmt_phone(self, phone, ext, shape=None):
        cc, code, sub = phone
        f = self.phone_fmt(self.rng) if shape is None else shape
        a, b, c = sub[:3], sub[3:5], sub[5:]
        if cc == "1":
            s = ["+1 (%s) %s-%s" % (code, a, sub[3:]), "+1%s%s" % (code, sub),
                 "1-%s-%s-%s" % (code, a, sub[3:]), "+1 %s %s %s" % (code, a, sub[3:]),
                 "(%s) %s-%s" % (code, a, sub[3:])][f % 5]
        else:
            s = ["+7 (%s) %s-%s-%s" % (code, a, b, c), "8%s%s" % (code, sub),
                 "8-%s-%s-%s-%s" % (code, a, b, c), "+7 %s %s" % (code, sub),
                 "%s%s" % (code, sub), "+7%s%s" % (code, sub),
                 "8 (%s) %s-%s-%s" % (code, a, b, c),
                 "7%s%s" % (code, sub)][f]
        if ext:
            s += [" доб. ", " доб.", " ext. ", ", доб. "][int(ext) % 4] + ext
        return s

    def fmt_email(self, email, first, last, shape=None):
        x = self.rng.random() if shape is None else shape
        if x < 0.88:
            return email
        if x < 0.93:
            return email.upper()
        if x < 0.965:
            return "%s %s <%s>" % (first, last, email)
        if x < 0.98:
            return " " + email + " "
        if x < 0.99:
            return "mailto:" + email
        return email[0].upper() + email[1:]

    def fmt_date(self, day):
        rng = self.rng
        d = datetime.date.fromordinal(DAY0 + day)
        f = self.date_fmt(rng)
        if f == 0:
            return "%04d-%02d-%02d" % (d.year, d.month, d.day)
        if f == 1:
            return "%02d.%02d.%04d" % (d.day, d.month, d.year)
        if f == 2:
            return "%02d.%02d.%04d %02d:%02d" % (d.day, d.month, d.year,
                                                 rng.randint(8, 20), rng.randrange(60))
        if f == 3:
            return "%04d-%02d-%02d %02d:%02d:%02d" % (d.year, d.month, d.day,
                                                      rng.randint(8, 20), rng.randrange(60),
                                                      rng.randrange(60))
        return str(d.toordinal() - EXCEL_EPOCH)

    def fmt_amount(self):
        rng = self.rng
        f = self.amount_fmt(rng)
        if f == 5:
            return ""
        v = int(rng.lognormvariate(9.4, 1.1) * 100)
        if rng.random() < 0.5:
            v -= v % 100
        r, k = divmod(v, 100)
        if f == 0:
            return "%d.%02d" % (r, k)
        if f == 1:
            return "%d,%02d" % (r, k)
        g = "{:,}".format(r).replace(",", NBSP if f != 3 and rng.random() < 0.8 else " ")
        if f == 2:
            return "%s,%02d" % (g, k)
        if f == 3:
            return "%s ₽" % g
        return "%s руб." % g if k == 0 else "%s,%02d руб." % (g, k)

    def typo(self, s):
        rng = self.rng
        if len(s) < 3:
            return s + s[-1:]
        i = rng.randrange(1, len(s))
        op = rng.randrange(4)
        if op == 0:
            return s[:i] + s[i + 1:]
        if op == 1 and i + 1 < len(s):
            return s[:i] + s[i + 1] + s[i] + s[i + 2:]
        if op == 2:
            return s[:i] + s[i] + s[i:]
        nb = NEIGHBOURS.get(s[i].lower(), "")
        if nb:
            return s[:i] + nb[rng.randrange(len(nb))] + s[i + 1:]
        return s[:i] + s[i + 1:]

    def contact_row(self, eid, dup):
        """Fields of one contacts row for person eid, and how it was made."""
        rng = self.rng
        (ru, g, last, first, middle, cid, phone, ext, has_phone, has_email,
         email, city, day) = self.entity(eid)
        kinds = []
        company_style = None
        phone_shape = None
        email_shape = None
        if dup:
            if rng.random() < 0.75:
                k = self.dup_name(rng)
                if k == "translit":
                    if ru:
                        tab = ICAO if rng.random() < 0.5 else POPULAR
                        last, first = translit(last, tab), translit(first, tab)
                        middle = translit(middle, tab) if rng.random() < 0.3 else ""
                    elif first in EN_TO_RU and last in EN_TO_RU:
                        last, first = EN_TO_RU[last], EN_TO_RU[first]
                    else:
                        k = "typo"
                if k == "diminutive":
                    d = RU_DIMINUTIVES.get(first) if ru else self.en_dim.get(first)
                    if d and d != first:
                        first = d
                    else:
                        k = "typo"
                if k == "yo":
                    if "ё" in last + first + middle:
                        last, first, middle = (last.replace("ё", "е"),
                                               first.replace("ё", "е"),
                                               middle.replace("ё", "е"))
                    else:
                        k = "typo"
                if k == "typo":
                    if rng.random() < 0.65:
                        last = self.typo(last)
                    else:
                        first = self.typo(first)
                elif k == "swap":
                    last, first = first, last
                elif k == "no_middle":
                    if middle:
                        middle = ""
                    else:
                        k = "typo"
                        last = self.typo(last)
                kinds.append(k)
            if not kinds or rng.random() < 0.6:
                k = self.dup_contact(rng)
                if k == "legal_form" and not cid:
                    k = "phone_shape"
                if k == "no_email" and not (has_email and has_phone):
                    k = "phone_shape"
                if k == "no_phone" and not (has_email and has_phone):
                    k = "email_shape"
                if k == "phone_shape" and not has_phone:
                    k = "email_shape"
                if k == "email_shape" and not has_email:
                    k = "city_variant"
                if k == "city_variant" and not city:
                    k = "typo"
                    last = self.typo(last)
                if k == "legal_form":
                    company_style = 2 + rng.randrange(3)
                elif k == "no_email":
                    has_email = False
                elif k == "no_phone":
                    has_phone = False
                elif k == "phone_shape":
                    phone_shape = 1 + rng.randrange(7)
                    if rng.random() < 0.3 and not ext:
                        ext = str(rng.randint(10, 99))
                elif k == "email_shape":
                    email_shape = 0.88 + rng.random() * 0.12
                elif k == "city_variant":
                    v = self.city_var.get(city)
                    if v:
                        city = v[rng.randrange(len(v))]
                kinds.append(k)
            day = min(DAYS - 1, day + rng.randrange(1, 400))
        company = ""
        if cid:
            c = self.companies[cid - 1]
            if company_style is None:
                company_style = c[9] if rng.random() < 0.85 else rng.randrange(3)
            company = self.company_str(c, company_style)
        return ([last, first, middle, company,
                 self.fmt_phone(phone, ext, phone_shape) if has_phone else "",
                 self.fmt_email(email, first, last, email_shape) if has_email else "",
                 city, self.source(rng), self.fmt_date(day), self.fmt_amount()],
                "+".join(kinds) if kinds else "original")


def _cp1251_ok(s):
    try:
        s.encode("cp1251")
        return True
    except UnicodeEncodeError:
        return False


def main():
    ap = argparse.ArgumentParser(
        prog="gen.py",
        description="Deterministic generator of realistic CRM contacts "
                    "with duplicates at a known rate (see the module docstring).")
    ap.add_argument("--rows", type=int, required=True, help="contact rows")
    ap.add_argument("--seed", type=int, default=42, help="random seed (42)")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--dupes", type=float, default=0.1,
                    help="fraction of rows that duplicate another person (0.1)")
    ap.add_argument("--excel", action="store_true",
                    help="write contacts-excel.csv: CP1251, ';', CRLF, Russian headers")
    ap.add_argument("--orders", type=int, default=0,
                    help="also write N orders to orders.csv")
    ap.add_argument("--refdir", default=REFDIR, help=argparse.SUPPRESS)
    ap.add_argument("--quiet", action="store_true", help="no summary on stderr")
    a = ap.parse_args()
    if a.rows < 1 or a.seed < 0 or not (0 <= a.dupes < 1) or a.orders < 0:
        ap.error("need --rows >= 1, --seed >= 0, 0 <= --dupes < 1, --orders >= 0")
    os.makedirs(a.out, exist_ok=True)

    g = Gen(a)
    sfx = "-excel" if a.excel else ""
    n_dup = int(round(a.rows * a.dupes))
    n_ent = a.rows - n_dup
    if n_ent < 1:
        n_ent, n_dup = 1, a.rows - 1
    g.make_companies(max(5, n_ent // 20))
    rng = g.rng
    # which person each row names: every person once, plus the duplicates,
    # spread over the file
    order = list(range(1, n_ent + 1))
    order += [1 + int(n_ent * rng.random()) for _ in range(n_dup)]
    rng.shuffle(order)
    truth = [0] * (n_ent + 1)  # person -> truth_id, by first appearance
    next_tid = 1

    if a.excel:
        cpath = os.path.join(a.out, "contacts" + sfx + ".csv")
        tpath = os.path.join(a.out, "truth" + sfx + ".csv")
        cf = open(cpath, "w", encoding="cp1251", newline="")
        cw = csv.writer(cf, delimiter=";", lineterminator="\r\n")
        cw.writerow(EXCEL_COLS)
    else:
        cpath = os.path.join(a.out, "contacts.csv")
        tpath = os.path.join(a.out, "truth.csv")
        cf = open(cpath, "w", encoding="utf-8", newline="")
        cw = csv.writer(cf, lineterminator="\n")
        cw.writerow(CONTACT_COLS)
    tf = open(tpath, "w", encoding="utf-8", newline="")
    tw = csv.writer(tf, lineterminator="\n")
    tw.writerow(TRUTH_COLS)
    dups = 0
    for i, eid in enumerate(order):
        dup = truth[eid] != 0
        if not dup:
            truth[eid] = next_tid
            next_tid += 1
        else:
            dups += 1
        fields, kind = g.contact_row(eid, dup)
        tid = "P%07d" % truth[eid]
        xid = "C%07d" % (i + 1)
        if a.excel:
            cw.writerow(fields)
            tw.writerow([i + 2, "", tid, kind])
        else:
            cw.writerow([xid] + fields + [tid])
            tw.writerow([i + 2, xid, tid, kind])
    cf.close()
    tf.close()
    say = (lambda *x: None) if a.quiet else \
        (lambda fmt, *x: print("gen.py: " + fmt % x, file=sys.stderr))
    say("wrote %s: %d rows, %d persons, %d duplicate rows", cpath, a.rows,
        next_tid - 1, dups)
    say("wrote %s: %d rows", tpath, a.rows)

    ppath = os.path.join(a.out, "companies" + sfx + ".csv")
    say("wrote %s: %d rows", ppath, g.write_companies(ppath))

    if a.orders:
        opath = os.path.join(a.out, "orders" + sfx + ".csv")
        with open(opath, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(ORDER_COLS)
            start = datetime.date(2023, 1, 1).toordinal()
            span = datetime.date(2025, 12, 31).toordinal() - start
            for k in range(a.orders):
                # few customers order often, most once or twice
                cust = 1 + int(a.rows * rng.random() ** 2)
                day = start + int(span * (1 - rng.random() ** 1.5))  # recent more often
                d = datetime.date.fromordinal(day)
                date = ("%04d-%02d-%02d" % (d.year, d.month, d.day)
                        if rng.random() < 0.85 else
                        "%02d.%02d.%04d" % (d.day, d.month, d.year))
                v = int(rng.lognormvariate(8.2, 0.9) * 100)
                amount = "%d.%02d" % divmod(v, 100)
                if rng.random() < 0.15:
                    amount = amount.replace(".", ",")
                w.writerow(["O%08d" % (k + 1), "C%07d" % cust, date, amount,
                            g.status(rng)])
        say("wrote %s: %d rows", opath, a.orders)
    return 0


if __name__ == "__main__":
    sys.exit(main())
