## Titles of the public error codes (kernel::error::ErrorCode) and value errors.

error-bad-request = Сұрау дұрыс емес
error-invalid-parameter = Параметрдің мәні жарамсыз
error-page-size-not-allowed = Беттегі жолдар саны тек 10, 20, 50 немесе 100 болуы мүмкін
error-page-out-of-range = Мұндай бет жоқ. Қажетті жолдарды көру үшін іздеу шарттарын нақтылаңыз
error-search-query-too-short = Іздеу үшін кемінде 3 таңба енгізіңіз
error-search-query-too-long = Сұрау тым ұзын
error-code-malformed = Мұндай код болуы мүмкін емес: оның пішімін тексеріңіз
error-code-not-found = Код табылмады
error-node-not-found = Сыныптауыштың түйіні табылмады
error-dictionary-not-found = Мұндай анықтамалық жоқ
error-date-invalid = Күні немесе уақыты қате
error-not-found = Бет табылмады
error-method-not-allowed = Бұл әдіске қолдау көрсетілмейді
error-payload-too-large = Деректер көлемі тым үлкен
error-unsupported-media-type = Деректер түріне қолдау көрсетілмейді
error-export-too-large = Экспорттауға жолдар тым көп ({ $limit } артық). Іздеу шарттарын нақтылаңыз
error-import-invalid = Файлда қателер бар, ештеңе жүктелмеді
error-import-unreadable = Файлды оқу мүмкін болмады
error-too-many-requests = Сұраулар тым көп. Кейінірек қайталап көріңіз
error-service-unavailable = Қызмет іске қосылуда немесе іздеу индексін жаңартуда. Бір минуттан кейін қайталап көріңіз
error-internal = Ішкі қате. Біз бұл туралы білеміз; сұрау нөмірі: { $request_id }

value-not-twelve-digits = Дәл 12 цифр болуы керек
value-bad-checksum = Бақылау цифры қате
value-bad-birth-date = Нөмірде жоқ күн көрсетілген
value-bad-bin-kind = БСН-нің алтыншы цифры 4, 5 немесе 6 болуы керек
value-bad-email = Электрондық пошта мекенжайы қате
value-bad-phone = Телефон нөмірі қате. Мысалы: +7 (777) 777 77 77

problem-parameter = «{ $name }» параметрі: { $reason }
problem-expected-integer = бүтін сан күтіледі
problem-expected-boolean = true немесе false күтіледі
problem-expected-one-of = рұқсат етілген мәндер: { $values }
problem-unknown-parameter = белгісіз параметр
problem-too-long = { $max } таңбадан аспауы керек
problem-request-id = Сұрау нөмірі
problem-bad-path = Бет мекенжайы қате көрсетілген
