import type { ReadCatalogue } from './en.js';

/**
 * The Polish catalogue, loaded on demand (see ./loaders.ts). Counted texts have the forms
 * Intl.PluralRules gives Polish: one (1), few (2–4, 22–24…), many (0, 5–21, 25…) and other
 * (fractions).
 */
const pl: ReadCatalogue = {
  'thread.heading': {
    one: '{count} komentarz',
    few: '{count} komentarze',
    many: '{count} komentarzy',
    other: '{count} komentarza',
  },
  'thread.label': 'Komentarze',
  'thread.loading': 'Wczytywanie komentarzy…',
  'thread.empty': 'Nie ma jeszcze komentarzy. Rozpocznij rozmowę.',
  'thread.locked': 'Ta dyskusja jest zamknięta dla nowych komentarzy.',
  'thread.loadFailed': 'Nie udało się wczytać komentarzy.',
  'thread.retry': 'Spróbuj ponownie',
  'thread.loadMore': 'Pokaż więcej komentarzy',
  'thread.loadingMore': 'Wczytywanie kolejnych komentarzy…',
  'thread.newComments': {
    one: '{count} nowy komentarz',
    few: '{count} nowe komentarze',
    many: '{count} nowych komentarzy',
    other: '{count} nowego komentarza',
  },
  'sort.label': 'Sortuj według',
  'sort.oldest': 'Najpierw najstarsze',
  'sort.newest': 'Najpierw najnowsze',
  'sort.top': 'Najwyżej oceniane',
  'comment.anonymous': 'Anonim',
  'comment.deleted': 'Ten komentarz został usunięty.',
  'comment.pending': 'Czeka na moderację',
  'comment.edited': 'edytowany',
  'comment.inReplyTo': 'w odpowiedzi dla {name}',
  'comment.reply': 'Odpowiedz',
  'comment.edit': 'Edytuj',
  'comment.delete': 'Usuń',
  'comment.voteUp': 'Głosuj za',
  'comment.voteDown': 'Głosuj przeciw',
  'comment.score': 'Wynik',
  'comment.hideReplies': {
    one: 'Ukryj {count} odpowiedź',
    few: 'Ukryj {count} odpowiedzi',
    many: 'Ukryj {count} odpowiedzi',
    other: 'Ukryj {count} odpowiedzi',
  },
  'comment.showReplies': {
    one: 'Pokaż {count} odpowiedź',
    few: 'Pokaż {count} odpowiedzi',
    many: 'Pokaż {count} odpowiedzi',
    other: 'Pokaż {count} odpowiedzi',
  },
  'comment.actions': 'Działania dla komentarza użytkownika {name}',
  'time.now': 'przed chwilą',
  'error.invalid_request': 'Serwer nie przyjął żądania.',
  'error.unauthorized': 'Sesja wygasła. Spróbuj ponownie.',
  'error.forbidden': 'Nie masz uprawnień, aby to zrobić.',
  'error.not_found': 'Nie znaleziono. Być może zostało usunięte.',
  'error.conflict': 'W międzyczasie coś się zmieniło. Odśwież stronę.',
  'error.payload_too_large': 'To jest za długie.',
  'error.unsupported_media_type': 'Serwer nie mógł odczytać żądania.',
  'error.locked': 'Ta dyskusja jest zamknięta dla nowych komentarzy.',
  'error.rate_limited': 'Zbyt wiele żądań. Odczekaj chwilę.',
  'error.internal': 'Serwer komentarzy napotkał problem. Spróbuj później.',
  'error.unavailable': 'Serwer komentarzy jest teraz niedostępny. Spróbuj później.',
  'error.network': 'Nie można połączyć się z serwerem komentarzy. Sprawdź połączenie.',
  'error.timeout': 'Serwer komentarzy zbyt długo nie odpowiadał.',
  'error.bad_response': 'Nie da się odczytać odpowiedzi serwera.',
  'error.aborted': 'Żądanie zostało anulowane.',
  'error.config': 'Komentarze nie są skonfigurowane: brakuje atrybutu endpoint.',
  'comment.report': 'Zgłoś',
  'comment.verified': 'Konto zweryfikowane',
};

export default pl;
