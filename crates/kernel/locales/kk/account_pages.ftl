## Account pages (spec/accounts.md §5.1–§5.3, ACC-6): labels of the login, registration,
## password, activation, recovery, password-change and cabinet pages, and the ЭЦП help page.
## Kazakh texts: 001 where НКТ has them, otherwise our translation (G-26: to be reviewed).

accp-login = Кіру
accp-logout = Шығу
accp-login-title = Кіру
accp-ncalayer-first = Назар аударыңыз! Алдымен ЭЦҚ-мен жұмыс істеуге арналған бағдарламаны іске қосыңыз.
accp-choose-key = Кілтті таңдаңыз
accp-ncalayer-down = NCALayer-ге қосылу мүмкін болмады. NCALayer бағдарламасы іске қосылғанына көз жеткізіп, бетті жаңартыңыз
accp-ncalayer-rights = Бұл компьютерде NCALayer бағдарламасына қол жеткізу құқықтары жеткіліксіз. NCALayer-ді әкімші атынан іске қосыңыз
accp-help-link = Компьютерді ЭЦҚ-мен жұмысқа қалай дайындау керек
accp-noscript = ЭЦҚ арқылы кіру үшін браузерде JavaScript қосулы болуы керек: бет компьютеріңіздегі NCALayer бағдарламасына жүгінеді.
accp-unavailable = Кіру уақытша қолжетімсіз. Кейінірек қайталап көріңіз.

## НКТ entry (001 Сур. 1–5)
accp-nct-title = НКТ-ға кіру
accp-nct-register = Тіркелу
accp-nct-auth = Авторизация
accp-nct-choose-key-register = ЭЦҚ кілтін таңдау
accp-nct-choose-key-login = ЭЦҚ кілтін таңдау
accp-nct-contacts = Байланыс деректері
accp-nct-email = E-mail *
accp-nct-phone = Ұялы телефон *
accp-nct-password = Құпия сөз *
accp-nct-password-confirm = Құпия сөзді растаңыз *
accp-nct-agreement = Пайдаланушы келісімі
accp-nct-submit = Тіркелу
accp-nct-back = Артқа қайту
accp-nct-login-submit = Жүйеге кіру
accp-close = Жабу
accp-placeholder-password = Құпия сөзді енгізіңіз
accp-placeholder-password-confirm = Құпия сөзді растаңыз

## Registration (ACC-137)
accp-register-title = Пайдаланушыны тіркеу
accp-iin = ЖСН
accp-fio = АТЫ-ЖӨНІ
accp-birth-date = Туған күні
accp-email = Электрондық пошта
accp-phone = Ұялы телефон
accp-agreement = Пайдаланушылық келісім
accp-sign = Қол қою
accp-password-set = Құпия сөзді орнату
accp-password-confirm = Құпия сөзді растау
accp-pwd-rules = Құпия сөзде болуы керек:
accp-pwd-rule-length = 8-ден 20-ға дейін таңба
accp-pwd-rule-lower = кіші әріптер
accp-pwd-rule-upper = бас әріптер
accp-pwd-rule-digit = цифрлар
accp-confirm-data = Деректерді растаймын
accp-authorize = Жүйеге кіріңіз

## Password page, activation, recovery (ACC-139…ACC-141)
accp-password-title = Құпия сөзді енгізу
accp-password = Құпия сөз
accp-forgot = Құпия сөзді ұмыттыңыз ба?
accp-activate-title = Тіркелгіні белсендіру
accp-recover-title = Құпия сөзді қалпына келтіру
accp-recover-intro = Түймені басыңыз, сонда тіркелгінің электрондық пошта мекенжайына уақытша құпия сөз жіберіледі. Бұрынғы құпия сөз жарамсыз болады.
accp-recover-button = Уақытша құпия сөз алу
accp-go-login = Кіруге өту
accp-resend = Хатты қайта жіберу
accp-change-email = Электрондық пошта мекенжайын өзгерту
accp-new-email = Жаңа электрондық пошта мекенжайы
accp-change-title = Құпия сөзді ауыстыру
accp-current-password = Ағымдағы құпия сөз
accp-new-password = Жаңа құпия сөз
accp-save = Сақтау

## Cabinet
accp-cabinet-title = Жеке кабинет
accp-status = Тіркелгі мәртебесі
accp-status-active = Белсенді
accp-status-pending = Белсендірілмеген
accp-status-blocked = Бұғатталған
accp-email-status = Электрондық пошта мекенжайының мәртебесі
accp-email-confirmed = Расталған
accp-email-not-confirmed = Расталмаған
# ACC-58: the banner after a login with a БИН certificate that got no participant context.
accp-banner-not-registered = БСН { $bin } ұйымы қатысушы ретінде тіркелмеген.
accp-banner-not-member = Сіз «{ $name }» қатысушысының қызметкері емессіз.

## Help page (ACC-6)
accp-help-title = ЭЦҚ-мен жұмысқа дайындалу
accp-help-intro = Tauar-ға кіру және құжаттарға қол қою үшін ҚР ҰКО берген ЭЦҚ кілті және компьютеріңізде іске қосылған NCALayer бағдарламасы қажет.
accp-help-keys-title = 1. ЭЦҚ кілттерін алыңыз
accp-help-keys = Жеке және заңды тұлғаларға тіркеу куәліктерін (ЭЦҚ кілттерін) халыққа қызмет көрсету орталықтарындағы (ХҚКО) ҚР ҰКО тіркеу орталықтары береді. Әдетте екі кілт беріледі: кіруге арналған (аутентификация, AUTH_RSA… файлы) және құжаттарға қол қоюға арналған (RSA_… немесе GOST_…).
accp-help-keys-link = ҚР ҰКО сайты: pki.gov.kz
accp-help-ncalayer-title = 2. NCALayer-ді орнатып, іске қосыңыз
accp-help-ncalayer = NCALayer бағдарламасын ҚР ҰКО сайтынан орнатып, кірер алдында іске қосыңыз. Бағдарлама жұмыс істеп тұрғанда хабарландыру аймағында «NCALayer (НУЦ РК)» белгішесі көрінеді. Кілт NCALayer терезесінде таңдалады; кілттің құпия сөзі тек сонда енгізіледі және сайтқа берілмейді.
accp-help-install-link = NCALayer орнату
accp-help-down-title = 3. NCALayer іске қосылмаған болса
accp-help-down = Кіру беті NCALayer-ге қосылу мүмкін болмағанын хабарлайды. NCALayer-ді іске қосып, хабарландыру аймағында белгіше пайда болғанын күтіңіз де, бетті жаңартыңыз. Бағдарлама орнатылмаған болса, оны орнатыңыз.
accp-help-rights-title = 4. NCALayer-ге құқықтар жеткіліксіз болса
accp-help-rights = NCALayer іске қосылған, бірақ компьютерде қол жеткізу құқықтары жетпесе, оны жауып, әкімші атынан іске қосыңыз (бағдарлама белгішесін тінтуірдің оң жақ түймесімен басып → «Әкімші атынан іске қосу»), содан кейін бетті жаңартыңыз.
accp-help-browser-title = 5. Браузер
accp-help-browser = Tauar әдеттегі браузерде қорғалған байланыс (HTTPS) арқылы жұмыс істейді. Браузерге түбірлік сертификаттарды орнатудың немесе оның қорғанысын әлсіретудің қажеті жоқ: бет мұны сұраса, бұл Tauar емес.

# ACC-29, AS-70: a Requests-module session on the portal login page.
accp-upgrade-needed = Бұл бөлім ЭЦҚ кілтімен кіргеннен кейін ашылады: кіруге қол қойып, құпия сөзді енгізіңіз. Сіз сол сессияда жалғастырасыз.
