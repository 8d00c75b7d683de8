# ЕНС ТРУ in the account layer (spec/accounts.md §3.4, §3.12, §5.10). Kazakh texts to be reviewed
# by a translator (G-26).

error-msg-ens-bad-credentials = Есептік жазба немесе құпия сөз қате
error-msg-ens-not-accredited = Есептік жазба аккредиттелмеген
error-msg-ens-duplicate = ЕНС ТРУ-да тіркелуге өтінім бұрын берілген немесе қолжетімділік берілген
error-msg-ens-account-required = Есептік жазбаны көрсетіңіз
error-msg-ens-iin-mismatch = ЭЦҚ сертификатындағы ЖСН пайдаланушы профиліндегі ЖСН-мен сәйкес келмейді
error-msg-ens-bin-email-mismatch = ЭЦҚ сертификатындағы БСН немесе электрондық пошта мекенжайы пайдаланушы профилінің деректерімен сәйкес келмейді
error-msg-ens-org-not-registered = БСН { $bin } ұйымы ЕНС ТРУ АЖ-да тіркелмеген. Ұйымның тіркеу нысанын уәкілетті органға жіберіңіз
error-msg-ens-legal-entity-required = Заңды тұлға қызметкерінің ЭЦҚ-сы қажет
error-msg-ens-agreement = Пайдаланушы келісімінің шарттарын қабылдау қажет
error-msg-ens-parent = Ұйымның өзі немесе оның еншілес ұйымы бас ұйым бола алмайды
error-msg-rnn-format = СТН 12 цифрдан тұруы тиіс
error-msg-file-too-large = Файл өлшемі 20 МБ-тан аспауы тиіс
error-msg-file-type = pdf, jpg және png файлдарына рұқсат етіледі

ens-summary-access-request = ЕНС ТРУ-да тіркелуге өтінім: { $name }, БСН { $bin }
ens-summary-login = ЕНС ТРУ АЖ «Өтінімдер» модуліне кіру
ens-msg-request-sent = Тіркелуге өтінім жіберілді. Аккредиттеуден кейін «Өтінімдер» модуліне есептік жазбаңыздың электрондық поштасымен және құпия сөзімен кіріңіз

mail-ens-accredited-subject = ЕНС ТРУ АЖ-ға қолжетімділік берілді
mail-ens-accredited-body = Сіз «{ $name }» ұйымы үшін ЕНС ТРУ АЖ-да аккредиттелдіңіз. Логин: { $email }. Құпия сөз: есептік жазбаңыздың құпия сөзі.
mail-ens-refused-subject = ЕНС ТРУ АЖ-да тіркелуге өтінім қабылданбады
mail-ens-refused-body = «{ $name }» ұйымы үшін ЕНС ТРУ АЖ-да тіркелуге өтініміңіз қабылданбады. Себебі: { $reason }
