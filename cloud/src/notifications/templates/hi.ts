/**
 * Hindi (हिन्दी) message templates, same placeholders as `en.ts`. Kept short: Devanagari SMS is sent as
 * UCS-2, 70 characters a segment. Times are formatted with the `hi-IN` locale by `render.ts`.
 */
import type { Catalog } from './catalog.ts';

export const hi = {
  otp: {
    subject: 'आपका StudySpot कोड',
    text: '{{code}} आपका StudySpot सत्यापन कोड है। यह {{ttlMinutes}} मिनट में समाप्त हो जाएगा। इसे किसी के साथ साझा न करें।',
  },
  booking_confirmed: {
    subject: '{{libraryName}} में बुकिंग की पुष्टि',
    text: '{{libraryName}} में आपकी सीट {{seatLabel}} {{startsAt}} से {{endsAt}} तक बुक हो गई है।',
  },
  booking_reminder: {
    subject: 'अनुस्मारक: {{libraryName}} में आपकी सीट',
    text: 'अनुस्मारक: {{libraryName}} में सीट {{seatLabel}} की आपकी बुकिंग {{minutesBefore}} मिनट में ({{startsAt}}) शुरू होगी।',
  },
  membership_renewal_due: {
    subject: '{{libraryName}} की सदस्यता जल्द समाप्त होगी',
    text: '{{libraryName}} में आपकी {{planName}} सदस्यता {{expiresAt}} को समाप्त हो रही है। सीट बनाए रखने के लिए {{amount}} देकर नवीनीकरण करें।',
  },
  payment_receipt: {
    subject: '{{libraryName}} से भुगतान की रसीद',
    text: '{{libraryName}} को {{amount}} का भुगतान {{paidAt}} को प्राप्त हुआ। चालान संख्या {{invoiceNumber}}।',
  },
  waitlist_offer: {
    subject: '{{libraryName}} में सीट खाली है',
    text: 'सीट खाली है! {{libraryName}} में सीट {{seatLabel}} ({{startsAt}} से) आपकी हो सकती है — {{offerExpiresAt}} तक स्वीकार करें।',
  },
  no_show_warning: {
    subject: '{{libraryName}} में बुकिंग छूट गई',
    text: 'आप {{startsAt}} की अपनी बुकिंग पर {{libraryName}} नहीं आए। यह चेतावनी {{strikes}}/{{maxStrikes}} है; {{maxStrikes}} होने पर बुकिंग रोक दी जाएगी।',
  },
  booking_request_rejected: {
    subject: 'इस बार {{libraryName}} में सीट नहीं मिली',
    text: 'माफ़ करें, {{libraryName}} {{startsAt}} के लिए आपको सीट नहीं दे सका। आपका पूरा भुगतान लौटाया जाएगा। कोई और समय चुनें या प्रतीक्षा सूची में जुड़ें।',
  },
  booking_cancelled: {
    subject: '{{libraryName}} ने आपकी बुकिंग रद्द की',
    text: '{{libraryName}} ने {{startsAt}} की सीट {{seatLabel}} की आपकी बुकिंग रद्द कर दी है। जो भी रिफ़ंड बनता है, वह भेजा जा रहा है।',
  },
} satisfies Catalog;
