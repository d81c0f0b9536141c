/** English and Hindi for the message preferences in Settings: channels and quiet hours. */
import { defineMessages } from '@studyspot/app-kit';

export const prefsText = defineMessages({
  en: {
    title: 'Messages',
    intro:
      'Booking, waitlist and payment messages from your libraries. Sign-in codes always come, whatever you choose here.',
    channels: 'Send them by',
    sms: 'SMS',
    whatsapp: 'WhatsApp',
    email: 'Email',
    noEmail: 'Email needs an email address on your account.',
    allOff: 'With every channel off you hear from the library only in this app.',
    quiet: 'Quiet hours: hold messages that can wait',
    from: 'From',
    until: 'Until',
    quietHint: 'Held messages arrive when the quiet hours end ({zone} time).',
    save: 'Save message settings',
    saving: 'Saving…',
    saved: 'Message settings saved.',
  },
  hi: {
    title: 'संदेश',
    intro: 'आपकी लाइब्रेरी से बुकिंग, प्रतीक्षा सूची और भुगतान के संदेश। साइन-इन कोड हमेशा आते हैं, आप यहाँ जो भी चुनें।',
    channels: 'इनसे भेजें',
    sms: 'SMS',
    whatsapp: 'WhatsApp',
    email: 'ईमेल',
    noEmail: 'ईमेल के लिए आपके खाते में ईमेल पता होना चाहिए।',
    allOff: 'सभी चैनल बंद होने पर लाइब्रेरी की खबर सिर्फ़ इस ऐप में मिलेगी।',
    quiet: 'शांत समय: जो संदेश रुक सकते हैं, उन्हें रोकें',
    from: 'से',
    until: 'तक',
    quietHint: 'रोके गए संदेश शांत समय खत्म होने पर आते हैं ({zone} समय)।',
    save: 'संदेश सेटिंग्स सेव करें',
    saving: 'सेव हो रहा है…',
    saved: 'संदेश सेटिंग्स सेव हो गईं।',
  },
});
