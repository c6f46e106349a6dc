import type { NotificationWords } from './types.js';

export const ar: NotificationWords = {
  kinds: {
    urgent_case: {
      subject: 'قضية عاجلة جديدة',
      sentence: 'وصلت قضية جديدة موسومة بأنها عاجلة.',
    },
    new_cases: {
      subject: 'قضايا جديدة',
      sentence: 'وصلت قضايا جديدة منذ الرسالة الأخيرة.',
      chat: 'وصلت قضية جديدة.',
    },
    reporter_replied: {
      subject: 'رسالة جديدة في قضية',
      sentence: 'كتب المبلّغ، أو شخص دعاه الفريق إلى القضية، في قضية مسندة إليك.',
      chat: 'كتب المبلّغ، أو شخص دعاه الفريق إلى قضية، فيها.',
    },
    check_in_passed: {
      subject: 'فات موعد متابعة',
      sentence: 'فات موعد المتابعة لإحدى القضايا.',
    },
    follow_up_passed: {
      subject: 'فات موعد مراجعة',
      sentence: 'فات موعد المراجعة لقضية مغلقة.',
    },
    first_response_passed: {
      subject: 'قضية تنتظر ردًا أول',
      sentence: 'انتظرت قضية أطول من المهلة التي حددها الفريق للرد الأول.',
    },
    member_pending: {
      subject: 'شخص ينتظر الانضمام',
      sentence: 'قبل شخص دعوة وينتظر أن يضيفه أحد المشرفين إلى الفريق.',
    },
    test: {
      subject: 'إشعار تجريبي',
      sentence: 'هذا اختبار: الإشعارات تصلك هنا.',
      chat: 'هذا اختبار: الإشعارات تصل إلى هذه الغرفة.',
    },
  },
  signIn: (teamName) => `سجّل الدخول إلى لوحة ${teamName} لتراه:`,
  footer: [
    'يرسل Confide هذا لأنك اخترت أن يتم إعلامك. ما يُعلَم به وأين: الإشعارات، في إعداداتك في اللوحة.',
    'لا تقول هذه الرسالة أبدًا أكثر من أن شيئًا ما قد حدث.',
  ],
};
