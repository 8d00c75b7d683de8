## Titles of the public error codes (kernel::error::ErrorCode) and value errors.

error-bad-request = Bad request
error-invalid-parameter = A parameter has a value that is not allowed
error-page-size-not-allowed = Rows per page can only be 10, 20, 50 or 100
error-page-out-of-range = There is no such page. Narrow the search to see the rows you need
error-search-query-too-short = Enter at least 3 characters to search
error-search-query-too-long = The query is too long
error-code-malformed = This cannot be a code: check its format
error-code-not-found = Code not found
error-node-not-found = Classifier node not found
error-dictionary-not-found = There is no such dictionary
error-date-invalid = Invalid date or time
error-not-found = Page not found
error-method-not-allowed = This method is not supported
error-payload-too-large = The request body is too large
error-unsupported-media-type = Unsupported media type
error-export-too-large = Too many rows to export (more than { $limit }). Narrow the search
error-import-invalid = The file has errors; nothing was loaded
error-import-unreadable = The file could not be read
error-too-many-requests = Too many requests. Please try again later
error-service-unavailable = The service is starting or updating its search index. Please try again in a minute
error-internal = Internal error. We know about it; request number: { $request_id }

value-not-twelve-digits = Must be exactly 12 digits
value-bad-checksum = The check digit is wrong
value-bad-birth-date = The number encodes a date that does not exist
value-bad-bin-kind = The sixth digit of a BIN must be 4, 5 or 6
value-bad-email = Invalid e-mail address
value-bad-phone = Invalid phone number. Example: +7 (777) 777 77 77

problem-parameter = Parameter “{ $name }”: { $reason }
problem-expected-integer = an integer is expected
problem-expected-boolean = true or false is expected
problem-expected-one-of = allowed values: { $values }
problem-unknown-parameter = unknown parameter
problem-too-long = at most { $max } characters
problem-request-id = Request number
problem-bad-path = The address is malformed
