# Writes the sample spreadsheets in examples/ (deterministic; run from anywhere).
# They are committed; this script documents how they were made.
import random, datetime
random.seed(7)
def inn10(base9):
    d=[int(c) for c in base9]; w=[2,4,10,3,5,9,4,6,8]
    return base9+str(sum(a*b for a,b in zip(d,w))%11%10)
def ogrn13(base12):
    return base12+str(int(base12)%11%10)
# contacts: Excel export, CP1251, ';', CRLF, Russian headers
rows=[
("Петров Иван Сергеевич","ООО «Ромашка»","Директор","+7 (912) 345-67-89","Иван Петров <ivan.petrov@Mail.RU>","Москва","Сайт","01.03.2024","1 234,50","постоянный клиент"),
("Смирнова Ольга Викторовна","АО \"Вектор\"","Бухгалтер","89163456780","mailto:olga.smirnova@yandex.ru","Санкт-Петербург","Реклама","15.11.2023","15000",""),
("Кузнецов Алексей Петрович","ИП Кузнецов А.П.","","8-912-345-67-81","kuznetsov@bk.ru","Казань","Рекомендация","45350","2 500,00 р.","звонить после 18:00"),
("Попова Анна Игоревна","ООО \"Северный ветер\"","Менеджер","+7 912 3456782"," ANNA.POPOVA@GMAIL.COM ","Екатеринбург","Выставка","2024-02-10","3400 руб.",""),
("Васильев Дмитрий","ПАО «Техностар»","Инженер","9123456783","d.vasiliev@technostar.ru","Новосибирск","Холодный звонок","10.01.2024","",""),
("Соколова Мария Андреевна","ООО «Ромашка»","Юрист","7 (912) 345 67 84","m.sokolova@romashka.ru","Москва","Сайт","12.12.2023","980,00",""),
("Михайлов Сергей Николаевич","ЗАО «Альфа-Трейд»","Коммерческий директор","8 (495) 123-45-67 доб. 12","s.mikhailov@alfatrade.ru","Москва","Реклама","05.04.2024","12 000",""),
("Новикова Елена","Acme LLC","Sales manager","+7-916-111-22-33","elena.novikova@acme.com","Москва","website","20.05.2024","7 500,75",""),
("Фёдоров Павел Олегович","ООО «Ромашка»","","8 916 1112234","p.fedorov@romashka.ru","Тверь","Сайт","21.05.2024","",""),
("Smith John","Globex Ltd","Buyer","+44 20 7946 0958","john.smith@globex.co.uk","London","Выставка","01.06.2024","1 000",""),
("Петров Иван Сергеевич","ООО Ромашка","Генеральный директор","8 (912) 345-67-89","ivan.petrov@mail.ru","Москва","Сайт","01.03.2024","1 234,50","повышен в должности"),
("Ivanov Ivan","Vector JSC","","+7 (903) 555-12-34","ivan.ivanov@vector.ru","Moscow","Реклама","02.02.2024","",""),
("Иванов Иван Иванович","АО «Вектор»","Снабженец","8 903 555 12 34","","Москва","Реклама","02.02.2024","500",""),
("Морозова Татьяна","","","","","Самара","Сайт","03.03.2024","","нет контактов"),
("Волков Андрей Павлович","ООО «Волга»","Директор","+7 (846) 222-33-44","a.volkov@volga.ru","Самара","Рекомендация","31.02.2024","",""),
("Лебедева Светлана","ООО «Ромашка»","Менеджер","8(912)3456785","svetlana.lebedeva@romashka.ru","Москва","Сайт","14.06.2024","2 345,00",""),
("Козлов Николай Викторович","ООО «Северный ветер»","","+7 912 345-67-86","nkozlov@northwind.ru","Мурманск","сайт","17.06.2024","1 050,5",""),
("Саша Петрова","ООО «Ромашка»","Стажёр","8 912 345 67 87","sasha.petrova@romashka.ru","Москва","Реклама","18.06.2024","",""),
]
hdr="ФИО;Компания;Должность;Телефон;E-mail;Город;Источник;Дата создания;Сумма сделки;Комментарий"
def q(v):
    return '"'+v.replace('"','""')+'"' if any(c in v for c in ';"\n') else v
with open("/work/main/examples/contacts.csv","wb") as f:
    f.write((hdr+"\r\n").encode("cp1251"))
    for r in rows:
        f.write((";".join(q(v) for v in r)+"\r\n").encode("cp1251"))
# companies: UTF-8 with BOM, ';'
comps=[("ООО «Ромашка»","7707083893","773601001","1027700132195","Москва","+7 (495) 111-22-33","romashka.ru","Торговля"),
("АО \"Вектор\"",inn10("770412345"),"770401001",ogrn13("102770012345"),"Москва","8 495 222 33 44","vector.ru","Производство"),
("ПАО «Техностар»",inn10("540612345"),"540601001",ogrn13("102540012345"),"Новосибирск","8 (383) 333-44-55","technostar.ru","Электроника"),
("ООО \"Северный ветер\"",inn10("519012345"),"519001001",ogrn13("102510012345"),"Мурманск","+7 815 244-55-66","northwind.ru","Логистика"),
("ЗАО «Альфа-Трейд»",inn10("771512345"),"771501001",ogrn13("102771512345"),"Москва","8-495-555-66-77","alfatrade.ru","Оптовая торговля"),
("Общество с ограниченной ответственностью «Волга»",inn10("631512345"),"631501001",ogrn13("102631512345"),"Самара","+7 (846) 222-33-40","volga.ru","Строительство"),
("Acme LLC","","","","New York","+1 212 555 0100","acme.com","Manufacturing"),
("ИП Кузнецов Алексей Петрович","500100732259","","304500116000157","Казань","8-912-345-67-81","","Услуги"),
("ООО «Ромашка»","7707083894","773601001","","Москва","","","Торговля"),
]
with open("/work/main/examples/companies.csv","w",encoding="utf-8-sig",newline="") as f:
    f.write("Название;ИНН;КПП;ОГРН;Город;Телефон;Сайт;Отрасль\r\n")
    for r in comps: f.write(";".join(q(v) for v in r)+"\r\n")
# stages
with open("/work/main/examples/stages.csv","w",encoding="utf-8",newline="") as f:
    f.write("pipeline,name,position,probability,kind,sla_days\n")
    for i,(n,p,k,s) in enumerate([("Новая заявка",10,"open",2),("Квалификация",20,"open",5),("Коммерческое предложение",40,"open",7),("Переговоры",60,"open",14),("Договор",80,"open",10),("Успешно реализовано",100,"won",""),("Закрыто и не реализовано",0,"lost","")]):
        f.write(f"Продажи,{n},{i+1},{p},{k},{s}\n")
# deals + stage history
stages=["Новая заявка","Квалификация","Коммерческое предложение","Переговоры","Договор"]
deals=[]; hist=[]
base=datetime.date(2024,1,10)
contacts=["ivan.petrov@mail.ru","olga.smirnova@yandex.ru","kuznetsov@bk.ru","anna.popova@gmail.com","d.vasiliev@technostar.ru","s.mikhailov@alfatrade.ru","elena.novikova@acme.com","nkozlov@northwind.ru"]
compinn=[comps[0][1],comps[1][1],"500100732259",comps[3][1],comps[2][1],comps[4][1],"",comps[3][1]]
for i in range(24):
    start=base+datetime.timedelta(days=random.randint(0,150))
    reached=random.randint(1,5); d=start
    st=None
    for s in stages[:reached]:
        hist.append((f"D-{1001+i}",s,d.strftime("%d.%m.%Y")))
        d+=datetime.timedelta(days=random.randint(1,12)); st=s
    outcome=random.choice(["open","won","lost","open"])
    closed=""
    if outcome=="won": st="Успешно реализовано"; closed=d.strftime("%d.%m.%Y"); hist.append((f"D-{1001+i}",st,closed))
    if outcome=="lost": st="Закрыто и не реализовано"; closed=d.strftime("%d.%m.%Y"); hist.append((f"D-{1001+i}",st,closed))
    amt=random.choice([45000,120000,7800,250000,33500,99000,15000])
    amt_s=f"{amt:,}".replace(","," ")+random.choice([""," ₽",",00"])
    k=i%len(contacts)
    status={"open":"В работе","won":"Успешно","lost":"Проиграна"}[outcome]
    deals.append((f"D-{1001+i}",f"Поставка №{i+1}",contacts[k],compinn[k],st,status,amt_s,"RUB",random.choice(["Сайт","Реклама","Рекомендация","Выставка"]),random.choice(["Анна","Борис","Вера"]),start.strftime("%d.%m.%Y"),(start+datetime.timedelta(days=45)).strftime("%d.%m.%Y"),closed,"дорого" if outcome=="lost" else ""))
with open("/work/main/examples/deals.csv","w",encoding="utf-8",newline="") as f:
    f.write("ID;Название сделки;Контакт;Компания;Этап;Статус;Бюджет;Валюта;Источник;Ответственный;Дата создания;Ожидаемая дата закрытия;Дата закрытия;Причина отказа\n")
    for r in deals: f.write(";".join(q(str(v)) for v in r)+"\n")
with open("/work/main/examples/deal_stages.csv","w",encoding="utf-8",newline="") as f:
    f.write("Сделка,Этап,Дата перехода\n")
    for r in hist: f.write(",".join(r)+"\n")
# orders for RFM: customers by email
custs=contacts+["m.sokolova@romashka.ru","svetlana.lebedeva@romashka.ru","p.fedorov@romashka.ru","john.smith@globex.co.uk","sasha.petrova@romashka.ru"]
with open("/work/main/examples/orders.csv","w",encoding="utf-8",newline="") as f:
    f.write("Номер заказа,Клиент,Дата заказа,Сумма,Статус\n")
    n=1
    for ci,c in enumerate(custs):
        k=random.choice([1,1,2,3,5,8,12])
        for j in range(k):
            d=datetime.date(2024,1,1)+datetime.timedelta(days=random.randint(0,330))
            amt=random.randint(5,300)*100+random.choice([0,50,99])
            st=random.choice(["оплачен"]*9+["отменён"])
            f.write(f"O-{n:05d},{c},{d.strftime('%d.%m.%Y')},\"{amt//100},{amt%100:02d}\",{st}\n")
            n+=1
