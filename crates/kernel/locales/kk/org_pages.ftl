## Participant pages of the cabinet (spec/accounts.md §5.4, §5.6–§5.8). Kazakh texts: the
## usable labels of Appendix A of the spec, the rest to be reviewed by translators (G-26).

orgp-cabinet = Кабинет
orgp-back-cabinet = Кабинетке оралу
orgp-yes = Иә
orgp-no = Жоқ
orgp-cancel = Күшін жою
orgp-delete = Жою
orgp-send = Жіберу
orgp-empty = Жазбалар жоқ
orgp-status = Мәртебесі
orgp-reason = Себебі
orgp-position = Лауазымы
orgp-comment = Түсініктеме
orgp-organisation = Ұйым
orgp-id-number = ЖСН/БСН

## Participant registration
orgp-register-link = Қатысушыны тіркеу
orgp-register-title = Қатысушыны тіркеу
orgp-type = Қатысушының түрі
orgp-type-apply = Таңдау
orgp-type-fl = ЖТ
orgp-type-ip = ЖК
orgp-type-kh = ШҚ
orgp-type-ul = ЗТ
orgp-sec-info = Қатысушы туралы мәліметтер
orgp-sec-role = Қатысушының рөлі
orgp-sec-attrs = Атрибуттар
orgp-sec-contacts = Байланыстар
orgp-sec-heads = Өтініш беруші және басшы
orgp-organizer-hint = Рөл тек Бірыңғай дистрибьюторға беріледі
orgp-agreement = Қатысушы келісімі
orgp-sign = Қол қою
orgp-sign-waiting = NCALayer бағдарламасында қол қоюды растаңыз…
orgp-sign-cancelled = Қол қою тоқтатылды. Ештеңе жіберілмеді.
orgp-confirm-data = Деректерді растаймын
orgp-fix-errors = Қателерді түзетіңіз:
orgp-registered = Қатысушы тіркелді. Банктік деректемелерді толтырыңыз.

## Participant profile
orgp-profile = Қатысушының профилі
orgp-reg-data = Тіркеу деректері

## Bank accounts
orgp-bank-accounts = Банктік шоттар
orgp-bank-empty = Банктік деректемелер толтырылмаған. Деректерді БСАЖ-дан толтыру керек пе?
orgp-bank-fill = Деректерді толтыру
orgp-inis-title = Деректерді БСАЖ-дан толтыру
orgp-inis-hint = Қосылатын шоттарды белгілеп, «Импорттау» батырмасын басыңыз.
orgp-inis-none = БСАЖ-да ұйымыңыздың банк шоттары жоқ. Шотты қолмен қосыңыз.
orgp-inis-registered = Қосылған
orgp-inis-import = Импорттау
orgp-inis-off = Қазір БСАЖ-дан деректерді алу мүмкін емес. Банк деректемелерін қолмен толтырыңыз.
orgp-bank-add = Шот қосу
orgp-bank-edit = Шотты өңдеу
orgp-bank-number = Шот нөмірі
orgp-bank-name = Банктің атауы
orgp-bank-kbe = КБе
orgp-bank-type = Шоттың түрі
orgp-bank-guarantee = Кепілдік ақшалай жарнаға арналған шот
orgp-bank-default = Әдепкі бойынша
orgp-bank-source = Дереккөз
orgp-bank-old-format = Ескі форматтағы шот белгісі
orgp-bank-auto = — шот нөмірі бойынша анықталады —
orgp-bank-auto-hint = Қазақстанның IBAN форматындағы шот үшін банк шот нөмірі бойынша автоматты түрде анықталады.
orgp-bank-add-bank = Банк қосу
orgp-bank-delete = Шотты жою
orgp-bank-delete-question = { $number } шотын жою керек пе?
orgp-source-manual = Қолмен енгізілген
orgp-source-inis = БСАЖ
orgp-source-ens-admin = ЕНС ТРУ

## New-bank requests
orgp-my-new-banks = Менің Банкті тіркеуге өтінімдерім
orgp-nb-new = Жаңа банк қосу
orgp-nb-send = Бекітуге жіберу
orgp-nb-confirm = Банкті тіркеуге өтінімді бекітуге жіберу керек пе?
orgp-nb-number = Өтінім №
orgp-nb-sent = Жіберілген күні
orgp-nb-bank-name-ru = Банктің атауы
orgp-nb-bank-name-kk = Банктің қазақ тіліндегі атауы
orgp-nb-bic = БСК
orgp-nb-country = Ел
orgp-nb-iban-code = IBAN-дағы банк коды
orgp-nb-bank-bin = Банктің БСН
orgp-nb-address = Мекенжайы
orgp-nb-comment = Түсініктеме
orgp-nb-status-on-approval = Бекітуде
orgp-nb-status-approved = Бекітілді
orgp-nb-status-rejected = Қабылданбады
orgp-queue-title = Банктерді тіркеуге өтінімдер
orgp-approve-bank = Бекіту
orgp-reject = Қабылдамау
orgp-reject-reason = Қабылдамау себебі

## Employees
orgp-employees = Ұйым қызметкерлері
orgp-authorities = Өкілеттіктер
orgp-joined = Қосылған күні
orgp-is-head = Басшы
orgp-member-active = Белсенді
orgp-member-blocked = Бұғатталған
orgp-member-ended = Шығарылған
orgp-edit-authorities = Өкілеттіктерді өңдеу
orgp-block = Қызметкерді блоктау
orgp-block-reason = Блоктау себебі
orgp-block-question = { $name } қызметкерін блоктау керек пе?
orgp-unblock-question = { $name } қызметкерін блоктан шығару керек пе?
orgp-next-login-note = Өзгерістер қызметкер жүйеге келесі рет кіргенде күшіне енеді
orgp-handover = Әкімші өкілеттіктерін беру
orgp-handover-question = Әкімші өкілеттіктерін { $name } қызметкеріне беру керек пе? Сіз ұйымды басқаруға қолжетімділіктен айырыласыз.
orgp-end = Ұйымнан шығару
orgp-end-question = { $name } қызметкерін ұйымнан шығару керек пе?
orgp-head = Басшы туралы мәліметтер
orgp-head-choose = Басшы
orgp-head-none = «Басшы» рөлі бар қызметкерлер жоқ
orgp-self-admin = Өзімді ұйым әкімшісі етіп тағайындау
orgp-auth-org-admin = Ұйым әкімшісі
orgp-auth-head = Басшы
orgp-auth-org-bank = Банктік деректемелер
orgp-auth-nct-apply = Ұйым атынан НКТ-ға өтінімдер
orgp-auth-reg-apply = ОӨ тізіліміне өтініштер
orgp-auth-proc-supplier = Сатып алуларға қатысу
orgp-auth-proc-organizer = Сатып алуларды ұйымдастыру

## Join requests
orgp-join-requests = Қосылуға сұраулар
orgp-join-title = Ұйымға қосылу
orgp-join-send = Қосылуға сұрау жіберу
orgp-join-date = Сұрау күні
orgp-join-pending = Сіздің қосылуға сұрауыңыз ұйым әкімшісінің қарауын күтуде
orgp-join-withdraw = Сұрауды кері қайтарып алу
orgp-join-withdraw-question = Қосылуға сұрауды кері қайтарып алу керек пе?
orgp-join-withdrawn = Сұрау кері қайтарылды
orgp-join-status-pending = Қарауды күтуде
orgp-join-status-approved = Мақұлданды
orgp-join-status-declined = Қабылданбады
orgp-approve = Мақұлдау
orgp-decline = Қабылдамау
orgp-decline-reason = Бас тарту себебі
