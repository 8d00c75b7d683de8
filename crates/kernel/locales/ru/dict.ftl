## Reference dictionaries.

dict-title = Справочники
dict-intro = Справочники, которыми пользуются все части Tauar. Источники указаны в data/PROVENANCE.md.
dict-name = Справочник
dict-rows = Записей
dict-source = Источник
dict-code = Код
dict-entry-name = Наименование
dict-search-placeholder = Часть наименования или кода
dict-kato = КАТО — классификатор административно-территориальных объектов
dict-oked = ОКЭД — виды экономической деятельности
dict-kpved = КПВЭД — продукция по видам экономической деятельности
dict-tnved = ТН ВЭД ЕАЭС — товарная номенклатура внешнеэкономической деятельности
dict-mkei = МКЕИ — единицы измерения
dict-banks = Банки и БИК
dict-banks-historical = Банки, исключённые из перечня (БИК прошлых лет)
dict-kopf = КОПФ — организационно-правовые формы
dict-kfs = КФС — формы собственности
dict-kse = КСЕ — секторы экономики
dict-kbe = КБе — коды бенефициара
dict-countries = Страны
dict-bank-account-types = Типы банковских счетов
