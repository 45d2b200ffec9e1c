const MESSAGES: Record<number, string> = {
  400: "Некорректный запрос",
  401: "Войдите в систему",
  403: "Недостаточно прав",
  404: "Страница не найдена",
  405: "Метод не поддерживается",
  409: "Конфликт изменений",
  410: "Ссылка больше не действует",
  413: "Слишком большой запрос",
  415: "Неподдерживаемый формат данных",
  429: "Слишком много попыток",
  500: "Внутренняя ошибка",
  503: "Сервис временно недоступен",
};

const CODES: Record<number, string> = {
  400: "bad_request",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  410: "gone",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "too_many_requests",
  503: "unavailable",
};

export const defaultMessage = (status: number) => MESSAGES[status] ?? "Ошибка запроса";
export const httpCode = (status: number) => CODES[status] ?? "error";
