import type { ReadCatalogue } from './en.js';

/**
 * The Hebrew catalogue, loaded on demand (see ./loaders.ts). Buttons use the infinitive and
 * requests the plural imperative, so no text assumes the reader's gender. Counted texts have the
 * forms Intl.PluralRules gives Hebrew: one, two and other. Machine-assisted: listed for native
 * review in docs/i18n.md.
 */
const he: ReadCatalogue = {
  'thread.heading': { one: 'תגובה אחת', two: 'שתי תגובות', other: '{count} תגובות' },
  'thread.label': 'תגובות',
  'thread.loading': 'התגובות נטענות…',
  'thread.empty': 'אין עדיין תגובות. אפשר לפתוח את הדיון.',
  'thread.locked': 'הדיון הזה סגור לתגובות חדשות.',
  'thread.loadFailed': 'לא ניתן היה לטעון את התגובות.',
  'thread.retry': 'לנסות שוב',
  'thread.loadMore': 'להציג עוד תגובות',
  'thread.loadingMore': 'עוד תגובות נטענות…',
  'thread.newComments': {
    one: 'תגובה חדשה אחת',
    two: 'שתי תגובות חדשות',
    other: '{count} תגובות חדשות',
  },
  'sort.label': 'מיון לפי',
  'sort.oldest': 'הישנות קודם',
  'sort.newest': 'החדשות קודם',
  'sort.top': 'המדורגות ביותר',
  'comment.anonymous': 'אנונימי',
  'comment.deleted': 'התגובה הזו נמחקה.',
  'comment.pending': 'ממתינה לאישור',
  'comment.edited': 'נערכה',
  'comment.inReplyTo': 'בתגובה ל{name}',
  'comment.reply': 'להגיב',
  'comment.edit': 'לערוך',
  'comment.delete': 'למחוק',
  'comment.voteUp': 'הצבעה בעד',
  'comment.voteDown': 'הצבעה נגד',
  'comment.score': 'ניקוד',
  'comment.hideReplies': {
    one: 'להסתיר תגובה אחת',
    two: 'להסתיר שתי תגובות',
    other: 'להסתיר {count} תגובות',
  },
  'comment.showReplies': {
    one: 'להציג תגובה אחת',
    two: 'להציג שתי תגובות',
    other: 'להציג {count} תגובות',
  },
  'comment.actions': 'פעולות לתגובה של {name}',
  'time.now': 'הרגע',
  'error.invalid_request': 'השרת לא קיבל את הבקשה.',
  'error.unauthorized': 'תוקף ההפעלה פג. נסו שוב.',
  'error.forbidden': 'אין לך הרשאה לעשות זאת.',
  'error.not_found': 'לא נמצא. ייתכן שזה נמחק.',
  'error.conflict': 'זה מתנגש בשינוי שנעשה בינתיים. טענו את הדף מחדש.',
  'error.payload_too_large': 'זה ארוך מדי.',
  'error.unsupported_media_type': 'השרת לא הצליח לקרוא את הבקשה.',
  'error.locked': 'הדיון הזה סגור לתגובות חדשות.',
  'error.rate_limited': 'יותר מדי בקשות. המתינו רגע ונסו שוב.',
  'error.internal': 'אירעה בעיה בשרת התגובות. נסו שוב מאוחר יותר.',
  'error.unavailable': 'שרת התגובות אינו זמין כרגע. נסו שוב מאוחר יותר.',
  'error.network': 'אין גישה לשרת התגובות. בדקו את החיבור.',
  'error.timeout': 'שרת התגובות לא ענה בזמן.',
  'error.bad_response': 'שרת התגובות שלח תשובה שלא ניתן לקרוא.',
  'error.aborted': 'הבקשה בוטלה.',
  'error.config': 'התגובות אינן מוגדרות: חסרה התכונה endpoint.',
  'comment.report': 'דיווח',
  'comment.verified': 'חשבון מאומת',
};

export default he;
