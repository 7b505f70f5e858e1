import type { MessageCatalog } from './types';

// Brazilian Portuguese ("você" for everyone): most Portuguese-speaking children in US courts are Brazilian.
const stop = 'Para não receber mais lembretes, abra este link: {stopUrl}';

export const por: MessageCatalog = {
  language: 'por',
  htmlLang: 'pt',
  dates: { kind: 'intl', locale: 'pt-BR' },
  patterns: {
    dateTime: '{date}, {time}, {zone}',
    zone: '{zoneName} ({city})',
    dateWithZone: '{date}, {zone}',
  },
  relativeDay: '{days, plural, =0 {hoje} =1 {amanhã} one {em # dia} other {em # dias}}',
  labels: {
    when: 'Quando: {when}',
    whereInPerson: 'Onde: {courtName}, {address}',
    whereRemote: 'Onde: por vídeo ou por telefone. {instructions}',
    joinLink: 'Link para entrar: {link}',
  },
  familyHearing: {
    child: {
      subject: 'Lembrete: sua audiência no tribunal de imigração é {relative}',
      greeting: 'Olá, {name}. Este é um lembrete do Amparo.',
      hearing: 'Você tem uma audiência no tribunal de imigração {relative}.',
      whenLocal: 'No seu fuso horário: {whenLocal}',
      mustAttend:
        'Você precisa ir a esta audiência. Se você faltar, o juiz pode dar uma ordem para você sair dos ' +
        'Estados Unidos. Isso se chama ordem de deportação. Se alguma coisa impedir você de ir, ligue logo ' +
        'para o seu advogado ou para a pessoa que ajuda você no seu caso.',
      stop,
    },
    sponsor: {
      subject: 'Lembrete: {name} tem uma audiência no tribunal de imigração {relative}',
      greeting: 'Olá. Este é um lembrete do Amparo.',
      hearing: '{name} tem uma audiência no tribunal de imigração {relative}.',
      whenLocal: 'No seu fuso horário: {whenLocal}',
      mustAttend:
        '{name} precisa ir a esta audiência. Se {name} faltar, o juiz pode dar uma ordem para {name} sair ' +
        'dos Estados Unidos. Isso se chama ordem de deportação. Por favor, ajude {name} a chegar a tempo. ' +
        'Se alguma coisa impedir {name} de ir, ligue logo para o advogado ou para a pessoa que ajuda no caso.',
      stop,
    },
  },
  familyDeadline: {
    child: {
      subject: 'Lembrete: uma data importante no seu caso de imigração',
      greeting: 'Olá, {name}. Este é um lembrete do Amparo.',
      changeOfAddress:
        'Seu endereço mudou. Você precisa informar o seu novo endereço ao tribunal de imigração até {date}.',
      changeOfAddressWhy:
        'O tribunal manda as cartas sobre as suas audiências para esse endereço. ' +
        'Se o endereço estiver errado, você pode não ficar sabendo de uma audiência.',
      changeOfAddressHelp:
        'O seu advogado ou a pessoa que ajuda você no caso pode ajudar a preencher o formulário (EOIR-33).',
      general: 'Há uma data importante no seu caso de imigração: {date}.',
      generalHelp:
        'O seu advogado ou a pessoa que ajuda você no caso vai explicar o que fazer. ' +
        'Se tiver dúvidas, ligue para eles.',
      stop,
    },
    sponsor: {
      subject: 'Lembrete: uma data importante para {name}',
      greeting: 'Olá. Este é um lembrete do Amparo.',
      changeOfAddress:
        'O endereço de {name} mudou. O tribunal de imigração precisa receber o novo endereço de {name} até {date}.',
      changeOfAddressWhy:
        'O tribunal manda as cartas sobre as audiências para esse endereço. ' +
        'Se o endereço estiver errado, {name} pode não ficar sabendo de uma audiência.',
      changeOfAddressHelp:
        'O advogado ou a pessoa que ajuda no caso pode ajudar a preencher o formulário (EOIR-33).',
      general: 'Há uma data importante no caso de imigração de {name}: {date}.',
      generalHelp:
        'O advogado ou a pessoa que ajuda no caso vai explicar o que fazer. Se tiver dúvidas, ligue para eles.',
      stop,
    },
  },
  counsel: {
    hearingSubject: 'Audiência {relative}: {childName}, {courtName}',
    hearingIntro: 'Você tem uma audiência {relative} do seu cliente {childName}.',
    client: 'Cliente: {childName}',
    court: 'Tribunal: {courtName}',
    hearingType: 'Tipo de audiência: {hearingType}',
    whenLocal: 'No seu horário: {whenLocal}',
    caseReference: 'Referência do caso: {caseReference}',
    caseLink: 'Abrir o caso: {caseUrl}',
    deadlineSubject: 'Prazo: {ruleTitle} ({childName})',
    deadlineIntro: 'Um prazo está chegando para o seu cliente {childName}.',
    deadline: 'Prazo: {ruleTitle}',
    due: 'Vence em: {date}',
    stop: 'Para parar estes lembretes: {stopUrl}',
    hearingTypes: {
      master: 'audiência preliminar (master calendar)',
      individual: 'audiência individual (de mérito)',
    },
  },
  stopConfirmation: {
    subject: 'Lembretes do Amparo desativados',
    stoppedEmail: 'Você não vai mais receber lembretes do Amparo neste e-mail.',
    stoppedSms: 'Você não vai mais receber lembretes do Amparo neste número de telefone.',
    familyNote:
      'Isso não cancela nenhuma audiência. Todas as datas no tribunal continuam valendo. ' +
      'Se tiver dúvidas, ligue para o seu advogado ou para a pessoa que ajuda no caso.',
    counselNote: 'As audiências e os prazos continuam no Amparo e no seu calendário.',
  },
  stopPage: {
    confirmTitle: 'Desativar os lembretes do Amparo?',
    confirmEmail:
      'O Amparo envia lembretes das datas no tribunal para este e-mail. Você quer parar de recebê-los?',
    confirmSms:
      'O Amparo envia lembretes das datas no tribunal para este número de telefone. Você quer parar de recebê-los?',
    confirmNote:
      'Nada muda se você não apertar o botão. As datas no tribunal continuam valendo, com ou sem lembretes.',
    stopButton: 'Sim, desativar os lembretes',
    restartOffer: 'Mudou de ideia? Você pode ativar os lembretes de novo quando quiser.',
    restartButton: 'Ativar os lembretes de novo',
    restartedTitle: 'Os lembretes do Amparo estão ativados de novo',
    restartedEmail: 'Você vai voltar a receber lembretes do Amparo neste e-mail.',
    restartedSms: 'Você vai voltar a receber lembretes do Amparo neste número de telefone.',
  },
};
