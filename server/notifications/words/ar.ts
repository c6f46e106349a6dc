import type { NotificationWords } from './types.js';

export const ar: NotificationWords = {
  kinds: {
    urgent_case: {
      subject: 'حالة عاجلة جديدة',
      sentence: 'وصلت حالة جديدة موسومة بأنها عاجلة.',
    },
    new_cases: {
      subject: 'حالات جديدة',
      sentence: 'وصلت حالات جديدة منذ الرسالة الأخيرة.',
      chat: 'وصلت حالة جديدة.',
    },
    reporter_replied: {
      subject: 'رسالة جديدة في حالة',
      sentence: 'كتب المبلّغ، أو شخص دعاه الفريق إلى الحالة، في حالة مسندة إليك.',
      chat: 'كتب المبلّغ، أو شخص دعاه الفريق إلى حالة، فيها.',
    },
    check_in_passed: {
      subject: 'فات موعد تحديث',
      sentence: 'فات موعد التحديث لإحدى الحالات.',
    },
    follow_up_passed: {
      subject: 'فات موعد متابعة',
      sentence: 'فات موعد المتابعة لحالة مغلقة.',
    },
    first_response_passed: {
      subject: 'حالة تنتظر ردًا أول',
      sentence: 'انتظرت حالة أطول من المهلة التي حددها الفريق للرد الأول.',
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
