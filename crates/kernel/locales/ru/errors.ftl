## Titles of the public error codes (kernel::error::ErrorCode) and value errors.

error-bad-request = Некорректный запрос
error-invalid-parameter = Недопустимое значение параметра
error-page-size-not-allowed = Количество строк на странице может быть только 10, 20, 50 или 100
error-page-out-of-range = Такой страницы нет. Уточните условия поиска, чтобы увидеть нужные строки
error-search-query-too-short = Введите не менее 3 символов для поиска
error-search-query-too-long = Слишком длинный запрос
error-code-malformed = Такого кода не может быть: проверьте его формат
error-code-not-found = Код не найден
error-node-not-found = Узел классификатора не найден
error-dictionary-not-found = Такого справочника нет
error-date-invalid = Неверная дата или время
error-not-found = Страница не найдена
error-method-not-allowed = Этот метод не поддерживается
error-payload-too-large = Слишком большой объём данных
error-unsupported-media-type = Неподдерживаемый тип данных
error-export-too-large = Слишком много строк для экспорта (более { $limit }). Уточните условия поиска
error-import-invalid = Файл содержит ошибки, ничего не загружено
error-import-unreadable = Не удалось прочитать файл
error-too-many-requests = Слишком много запросов. Повторите попытку позже
error-service-unavailable = Сервис запускается или обновляет поисковый индекс. Повторите попытку через минуту
error-internal = Внутренняя ошибка. Мы уже знаем о ней; номер запроса: { $request_id }

value-not-twelve-digits = Должно быть ровно 12 цифр
value-bad-checksum = Неверная контрольная цифра
value-bad-birth-date = В номере указана несуществующая дата
value-bad-bin-kind = Шестая цифра БИН должна быть 4, 5 или 6
value-bad-email = Неверный адрес электронной почты
value-bad-phone = Неверный номер телефона. Пример: +7 (777) 777 77 77

problem-parameter = Параметр «{ $name }»: { $reason }
problem-expected-integer = ожидается целое число
problem-expected-boolean = ожидается true или false
problem-expected-one-of = допустимые значения: { $values }
problem-unknown-parameter = неизвестный параметр
problem-too-long = не длиннее { $max } символов
problem-request-id = Номер запроса
problem-bad-path = Адрес страницы указан неверно
