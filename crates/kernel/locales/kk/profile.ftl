## Профиль жолдары және платформаны әкімшілендіру (spec/accounts.md §3.13, §3.16; аударма тексерілуі тиіс).

error-msg-doc-number = Құжат нөмірі тек әріптер мен сандардан тұруы мүмкін, 20 таңбадан аспайды
error-msg-doc-duplicate = Осы түрдегі осындай нөмірлі құжат бұрын қосылған
error-msg-date-before-birth = Берілген күні туған күннен ерте болмауы тиіс
error-msg-date-order = Жарамдылық мерзімі берілген күннен кейін болуы тиіс
error-msg-too-long = Мән рұқсат етілгеннен ұзын
error-msg-reason-required = Себебін көрсетіңіз
error-msg-role-held = Пайдаланушыда бұл рөл бұрыннан бар
error-msg-upgrade-required = Бұл әрекет үшін порталға ЭЦҚ кілтімен кіріңіз
error-msg-account-state = Бұл әрекет есептік жазбаның ағымдағы күйінде қолжетімсіз

mail-email-changed-subject = Электрондық пошта мекенжайы өзгертілді
mail-email-changed-body = Есептік жазбаңыздың электрондық пошта мекенжайы { $at } { $masked } болып өзгертілді. Егер мұны сіз жасамасаңыз, қолдау қызметіне хабарласыңыз.
mail-account-blocked-subject = Есептік жазба бұғатталды
mail-account-blocked-body = Есептік жазбаңызды әкімші бұғаттады. Себебі: { $reason }
mail-account-unblocked-subject = Есептік жазба бұғаттан шығарылды
mail-account-unblocked-body = Есептік жазбаңыз бұғаттан шығарылды. Себебі: { $reason }
