## Accounts (spec/accounts.md §5.10, §6): titles of the MSG-* codes, page messages, e-mails.
## Kazakh texts are our translation of the Russian ones (G-26: to be reviewed by a translator).

error-msg-required = Бұл өрісті толтыру міндетті
error-msg-email-invalid = Дұрыс электрондық пошта мекенжайын енгізіңіз
error-msg-email-taken = Мұндай e-mail бар пайдаланушы тіркелген
error-msg-phone-invalid = Нөмірді +7 (777) 777 77 77 пішімінде енгізіңіз
error-msg-pwd-policy = Құпия сөздің ұзындығы 8-ден 20 таңбаға дейін болуы керек. Құпия сөзде кіші, бас әріптер және цифрлар болуы керек
error-msg-pwd-mismatch = Құпия сөздер сәйкес келмейді
error-msg-pwd-same = Жаңа құпия сөз ағымдағысынан өзгеше болуы керек
error-msg-current-pwd-wrong = Ағымдағы құпия сөз қате көрсетілген
error-msg-agreement-unsigned = Пайдаланушы келісіміне қол қою қажет
error-msg-agreement-other-person = Келісімге тіркеліп жатқан адамның өз ЭЦҚ-сымен қол қойылуы керек
error-msg-already-registered = Осы ЭЦҚ бар пайдаланушы тіркелген
error-msg-not-registered = Осы ЭЦҚ бар пайдаланушы тіркелмеген. Тіркеуден өтіңіз
error-msg-nct-signing-right = Тіркелу үшін жеке тұлғаның немесе қол қою құқығы бар заңды тұлға қызметкерінің ЭЦҚ-сы қажет
error-msg-step-expired = Күту уақыты өтті. ЭЦҚ кілтін қайта таңдаңыз
error-msg-wrong-password = Құпия сөз қате. Қалған әрекет саны: { $n }
error-msg-locked = Құпия сөз 5 рет қате енгізілгеннен кейін кіру 10 минутқа бұғатталды. { $time } кейін қайта кіріңіз немесе «Құпия сөзді ұмыттыңыз ба?» сілтемесін пайдаланыңыз
error-msg-account-blocked = Есептік жазба бұғатталған. Себебі: { $reason }
error-msg-not-activated = Есептік жазба белсендірілмеген. Жұмысты жалғастыру үшін { $email } мекенжайына жіберілген хаттағы сілтемеге өтіңіз
error-msg-link-invalid = Сілтеме жарамсыз: оның мерзімі өтіп кеткен немесе ол бұрын пайдаланылған
error-msg-temp-expired = Уақытша құпия сөздің мерзімі өтті. «Құпия сөзді ұмыттыңыз ба?» сілтемесін қайта пайдаланыңыз
error-msg-password-change-required = Сіз уақытша құпия сөзбен кірдіңіз. «Құпия сөзді ауыстыру» бетінде жаңа құпия сөз орнатыңыз
error-msg-rate-limit = Сұраулар тым көп. Кейінірек қайталаңыз
error-msg-forbidden = Бұл әрекетті орындауға құқығыңыз жеткіліксіз
error-csrf-token-invalid = Пішін ескірген немесе осы беттен жіберілмеген. Бетті жаңартып, әрекетті қайталаңыз
error-field-not-allowed = «{ $field }» өрісі қабылданбайды: ол ЭЦҚ сертификатынан немесе жүйемен толтырылады

acc-msg-activated = Электрондық пошта мекенжайы расталды, есептік жазба белсендірілді. Кабинетке қайта кіріңіз
acc-msg-email-confirmed = Электрондық пошта мекенжайы расталды
acc-msg-confirm-sent = { $email } мекенжайына растау сілтемесі бар хат жіберілді
acc-msg-recovery-sent = Құпия сөзді қалпына келтіру сілтемесі { $email } электрондық пошта мекенжайына жіберілді
acc-msg-recovery-sent-neutral = Егер осындай мекенжайы бар есептік жазба болса, оған құпия сөзді қалпына келтіру сілтемесі жіберілді
acc-msg-temp-sent = Уақытша құпия сөз { $email } электрондық пошта мекенжайына жіберілді
acc-msg-saved = Деректер сақталды
acc-msg-activation-resent = Белсендіру сілтемесі бар хат { $email } мекенжайына жіберілді
acc-agreement-signed = Келісімге қол қойылды
acc-summary-agreement = Қол қою: { $title }, { $version } редакция
acc-summary-register-identity = Tauar порталында тіркелу: тұлғаны ЭЦҚ кілтімен растау

## E-mails (§6).

mail-activation-subject = Есептік жазбаны белсендіру
mail-activation-body =
    Құрметті { $name }! Сіз веб-порталда тіркелдіңіз. Есептік жазбаңызды белсендіру үшін келесі сілтемеге өтуіңізді сұраймыз. Егер бұл не туралы екенін түсінбесеңіз, бұл хабарламаны елемеңіз.
    { $link }
    Сілтеме { $until } дейін жарамды.
mail-email-confirm-subject = Электрондық пошта мекенжайын растау
mail-email-confirm-body = Құрметті { $name }! Электрондық пошта мекенжайын растау үшін сілтемеге өтіңіз: { $link }. Сілтеме { $until } дейін жарамды.
mail-recovery-subject = Құпия сөзді қалпына келтіру
mail-recovery-body = Құпия сөзді қалпына келтіру үшін сілтемеге өтіңіз: { $link }. Сілтеме 1 сағат жарамды. Егер сіз құпия сөзді қалпына келтіруді сұрамасаңыз, бұл хабарламаны елемеңіз.
mail-temp-password-subject = Уақытша құпия сөз
mail-temp-password-body = Сіздің уақытша құпия сөзіңіз: { $password }. Ол { $until } дейін жарамды. Кіргеннен кейін жаңа құпия сөз орнатыңыз.
mail-password-changed-subject = Құпия сөз өзгертілді
mail-password-changed-body = Есептік жазбаңыздың құпия сөзі { $at } өзгертілді. Егер мұны сіз жасамасаңыз, құпия сөзді қалпына келтіруді пайдаланыңыз.
mail-locked-subject = Кіру уақытша бұғатталды
mail-locked-body = Құпия сөз 5 рет қате енгізілгеннен кейін есептік жазбаңызға кіру { $time } дейін бұғатталды. Егер бұл сіз болмасаңыз, құпия сөзді ауыстырыңыз.

## Participants and bank accounts (§4.1, §4.4–§4.6).

error-msg-url-invalid = Дұрыс веб-сайт мекенжайын енгізіңіз
error-msg-date-future = Күн бүгінгі күннен кеш болмауы керек
error-msg-iinbin-format = ЖСН/БСН 12 цифрдан тұруы керек
error-msg-iinbin-checksum = ЖСН/БСН қате көрсетілген: бақылау разряды сәйкес келмейді
error-msg-iinbin-structure = ЖСН/БСН қате көрсетілген
error-msg-iin-expected = Жеке тұлғаның ЖСН-ын көрсетіңіз
error-msg-bin-expected = Ұйымның БСН-ын көрсетіңіз
error-msg-dict-value = Анықтамалықтан мән таңдаңыз
error-msg-dict-code-format = Код анықтамалықтың форматына сәйкес келмейді
error-msg-dict-code-exists = Мұндай код анықтамалықта бар
error-msg-inis-unavailable = БСАЖ қолжетімсіз. Банк деректемелерін қолмен толтырыңыз
error-msg-part-exists = ЖСН/БСН { $id } қатысушы тіркелген. Қатысушының атынан жұмыс істеу үшін қосылуға сұрау жіберіңіз
error-msg-part-type = Таңдалған қатысушы түрі ЭЦҚ сертификатына сәйкес келмейді. Заңды тұлғаны тіркеу үшін ұйымның БСН-ы көрсетілген сертификатты таңдаңыз
error-msg-part-signer = Қатысушы келісіміне қатысушының ЖСН/БСН-ы көрсетілген, қол қою құқығы бар ЭЦҚ-мен қол қойылуы керек
error-msg-small-medium = Қатысушы бір мезгілде шағын және орта кәсіпкерлік субъектісі бола алмайды
error-msg-field-not-allowed = «{ $label }» өрісі таңдалған қатысушы түрі үшін толтырылмайды
error-msg-kopf-type = Таңдалған ҰҚНЖ осы қатысушы түріне қолданылмайды
error-msg-account-too-long = Шот нөмірі 34 таңбадан ұзын болмауы керек
error-msg-iban-format = Шот нөмірін IBAN пішімінде көрсетіңіз
error-msg-iban-length = Қазақстанның IBAN пішіміндегі шот нөмірінде 20 таңба болуы керек
error-msg-iban-checksum = Шот нөмірі қате көрсетілген: бақылау саны сәйкес келмейді
error-msg-bank-unknown = { $code } коды бар банк банктер анықтамалығында табылмады
error-msg-bank-country = Банктің елі шот нөміріндегі ел кодына сәйкес келмейді
error-msg-account-duplicate = Мұндай нөмірі бар шот бұрын қосылған
error-msg-not-manual = Әрекет тек қолмен енгізілген деректер үшін қолжетімді
error-msg-bic-format = БСК 8 немесе 11 таңбадан тұруы керек
error-msg-bic-exists = Мұндай БСК немесе IBAN коды бар банк банктер анықтамалығында тіркелген
acc-msg-kbe-recomputed = Банк шоттарының КБе қайта есептелді

## Labels of the participant form (§2.4; kk: 002-kk, to be reviewed).

acc-label-name = Атауы
acc-label-state-reg-date = Мемлекеттік тіркеу күні
acc-label-state-reg-doc-number = Мемлекеттік тіркеу туралы құжаттың нөмірі
acc-label-state-reg-authority = Мемлекеттік тіркеу органы
acc-label-country = Ел
acc-label-is-organizer = Ұйымдастырушы
acc-label-is-supplier = Жеткізуші
acc-label-kopf = ҰҚНЖ (КОПФ)
acc-label-kse = ЭСК (КСЕ)
acc-label-kfs = МНЖ (КФС)
acc-label-is-resident = Қазақстан Республикасының резиденті
acc-label-is-small-business = Шағын кәсіпкерлік субъектісі
acc-label-is-medium-business = Орта кәсіпкерлік субъектісі
acc-label-email = Ұйымның электрондық поштасы
acc-label-website = Ұйымның веб-сайты
acc-label-phones = Телефондар, факс
acc-label-applicant-full-name = Өтініш берушінің аты-жөні
acc-label-applicant-position = Өтініш берушінің лауазымы
acc-label-head-iin = Басшының ЖСН
acc-label-head-last-name = Басшының тегі
acc-label-head-first-name = Басшының аты
acc-label-head-middle-name = Басшының әкесінің аты
acc-label-head-position = Басшының лауазымы

## Employees (§3.8–§3.11).

error-msg-reject-reason = Қабылдамау себебін көрсетіңіз
error-msg-block-reason = Бұғаттау себебін көрсетіңіз
error-msg-self-block = Өзіңізді бұғаттауға болмайды
error-msg-last-admin = Ұйымда кемінде бір ұйым әкімшісі қалуы керек
error-msg-head-locked = Қызметкер қатысушының басшысы ретінде көрсетілген. Алдымен басшыны ауыстырыңыз
error-msg-member-blocked = «{ $name }» ұйымындағы жұмысыңыз бұғатталды. Себебі: { $reason }
error-msg-session-ended-by-org = Ұйымдағы өкілеттіктеріңіз өзгертілді. Жүйеге қайта кіріңіз
error-msg-join-duplicate = Қосылуға сұрау бұрын жіберілген және қаралуды күтуде
error-msg-authority-not-allowed = Бұл өкілеттікті осы қатысушының қызметкеріне беруге болмайды
acc-msg-join-sent = Қосылуға сұрау ұйым әкімшісіне жіберілді
mail-join-new-subject = Қызметкердің жаңа сұрауы
mail-join-new-body = { $person } (ЖСН { $iin }) «{ $org }» ұйымына қосуды сұрайды.
mail-join-approved-subject = Қосылуға сұрау мақұлданды
mail-join-approved-body = «{ $org }» ұйымына қосылу туралы сұрауыңыз мақұлданды. Өкілеттіктер келесі кіргенде тағайындалады.
mail-join-declined-subject = Қосылуға сұрау қабылданбады
mail-join-declined-body = «{ $org }» ұйымына қосылу туралы сұрауыңыз қабылданбады. Себебі: { $reason }
mail-member-blocked-subject = Ұйымға қолжетімділік бұғатталды
mail-member-blocked-body = «{ $org }» ұйымындағы жұмысыңыз бұғатталды. Себебі: { $reason }
mail-member-unblocked-subject = Ұйымға қолжетімділік қалпына келтірілді
mail-member-unblocked-body = «{ $org }» ұйымындағы жұмысыңыз қалпына келтірілді. Өкілеттіктер келесі кіргенде тағайындалады.
mail-admin-handover-subject = Ұйым әкімшісінің өкілеттіктерін беру
mail-admin-handover-body = { $from } «{ $org }» ұйымы әкімшісінің өкілеттіктерін { $at } { $to } қызметкеріне берді.
mail-head-changed-subject = Басшы туралы мәліметтер өзгертілді
mail-head-changed-body = «{ $org }» ұйымының басшысы ретінде { $new } көрсетілді (бұрын: { $old }).

## New-bank requests (§3.9).

acc-msg-newbank-sent = Өтінім бекітуге жіберілді
mail-bank-approved-subject = Банкті тіркеуге өтінім бекітілді
mail-bank-approved-body = «{ $name }» банкін тіркеуге № { $n } өтінім бекітілді. Енді банк шотын қоса аласыз.
mail-bank-rejected-subject = Банкті тіркеуге өтінім қабылданбады
mail-bank-rejected-body = № { $n } өтінім қабылданбады. Себебі: { $reason }
