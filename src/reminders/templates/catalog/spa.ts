import type { MessageCatalog } from './types';

// Child: "tú" (a teenager); sponsor: "usted". "Orden de deportación" is the term families know.
const stopChild = 'Para no recibir más recordatorios, abre este enlace: {stopUrl}';
const stopSponsor = 'Para no recibir más recordatorios, abra este enlace: {stopUrl}';

export const spa: MessageCatalog = {
  language: 'spa',
  htmlLang: 'es',
  dates: { kind: 'intl', locale: 'es-US' },
  patterns: {
    dateTime: '{date}, {time}, {zone}',
    zone: '{zoneName} ({city})',
    dateWithZone: '{date}, {zone}',
  },
  relativeDay: '{days, plural, =0 {hoy} =1 {mañana} one {en # día} other {en # días}}',
  labels: {
    when: 'Cuándo: {when}',
    whereInPerson: 'Dónde: {courtName}, {address}',
    whereRemote: 'Dónde: por video o por teléfono. {instructions}',
    joinLink: 'Enlace para entrar: {link}',
  },
  familyHearing: {
    child: {
      subject: 'Recordatorio: tu audiencia en la corte de inmigración es {relative}',
      greeting: 'Hola, {name}. Este es un recordatorio de Amparo.',
      hearing: 'Tienes una audiencia en la corte de inmigración {relative}.',
      whenLocal: 'En tu zona horaria: {whenLocal}',
      mustAttend:
        'Tienes que ir a esta audiencia. Si faltas, el juez puede ordenar que salgas de los Estados Unidos. ' +
        'Esto se llama una orden de deportación. Si algo te impide ir, llama pronto a tu abogado ' +
        'o a la persona que te ayuda con tu caso.',
      stop: stopChild,
    },
    sponsor: {
      subject: 'Recordatorio: {name} tiene una audiencia en la corte de inmigración {relative}',
      greeting: 'Hola. Este es un recordatorio de Amparo.',
      hearing: '{name} tiene una audiencia en la corte de inmigración {relative}.',
      whenLocal: 'En su zona horaria: {whenLocal}',
      mustAttend:
        '{name} tiene que ir a esta audiencia. Si {name} falta, el juez puede ordenar que {name} salga ' +
        'de los Estados Unidos. Esto se llama una orden de deportación. Por favor, ayude a {name} a llegar ' +
        'a tiempo. Si algo le impide ir, llame pronto al abogado o a la persona que ayuda con el caso.',
      stop: stopSponsor,
    },
  },
  familyDeadline: {
    child: {
      subject: 'Recordatorio: una fecha importante en tu caso de inmigración',
      greeting: 'Hola, {name}. Este es un recordatorio de Amparo.',
      changeOfAddress:
        'Tu dirección cambió. Tienes que darle tu nueva dirección a la corte de inmigración a más tardar el {date}.',
      changeOfAddressWhy:
        'La corte envía las cartas sobre tus audiencias a esa dirección. ' +
        'Si la dirección está mal, podrías no enterarte de una audiencia.',
      changeOfAddressHelp:
        'Tu abogado o la persona que te ayuda con tu caso puede ayudarte a llenar el formulario (EOIR-33).',
      general: 'Hay una fecha importante en tu caso de inmigración: {date}.',
      generalHelp:
        'Tu abogado o la persona que te ayuda con tu caso te dirá qué hacer. Si tienes preguntas, llámalos.',
      stop: stopChild,
    },
    sponsor: {
      subject: 'Recordatorio: una fecha importante para {name}',
      greeting: 'Hola. Este es un recordatorio de Amparo.',
      changeOfAddress:
        'La dirección de {name} cambió. La corte de inmigración tiene que recibir la nueva dirección ' +
        'de {name} a más tardar el {date}.',
      changeOfAddressWhy:
        'La corte envía las cartas sobre las audiencias a esa dirección. ' +
        'Si la dirección está mal, {name} podría no enterarse de una audiencia.',
      changeOfAddressHelp:
        'El abogado o la persona que ayuda con el caso puede ayudar a llenar el formulario (EOIR-33).',
      general: 'Hay una fecha importante en el caso de inmigración de {name}: {date}.',
      generalHelp:
        'El abogado o la persona que ayuda con el caso le dirá qué hacer. Si tiene preguntas, llámelos.',
      stop: stopSponsor,
    },
  },
  counsel: {
    hearingSubject: 'Audiencia {relative}: {childName}, {courtName}',
    hearingIntro: 'Tiene una audiencia {relative} con su cliente {childName}.',
    client: 'Cliente: {childName}',
    court: 'Corte: {courtName}',
    hearingType: 'Tipo de audiencia: {hearingType}',
    whenLocal: 'Su hora: {whenLocal}',
    caseReference: 'Referencia del caso: {caseReference}',
    caseLink: 'Abrir el caso: {caseUrl}',
    deadlineSubject: 'Plazo: {ruleTitle} ({childName})',
    deadlineIntro: 'Se acerca un plazo para su cliente {childName}.',
    deadline: 'Plazo: {ruleTitle}',
    due: 'Vence: {date}',
    stop: 'Para dejar de recibir estos recordatorios: {stopUrl}',
    hearingTypes: {
      master: 'audiencia preliminar (master calendar)',
      individual: 'audiencia individual (de fondo)',
    },
  },
  stopConfirmation: {
    subject: 'Recordatorios de Amparo desactivados',
    stoppedEmail: 'Ya no recibirá recordatorios de Amparo en este correo electrónico.',
    stoppedSms: 'Ya no recibirá recordatorios de Amparo en este número de teléfono.',
    familyNote:
      'Esto no cancela ninguna audiencia. Todas las fechas de la corte siguen en pie. ' +
      'Si tiene preguntas, llame a su abogado o a la persona que le ayuda con el caso.',
    counselNote: 'Las audiencias y los plazos siguen en Amparo y en su calendario.',
  },
  stopPage: {
    confirmTitle: '¿Desactivar los recordatorios de Amparo?',
    confirmEmail:
      'Amparo envía recordatorios de las fechas de la corte a este correo electrónico. ¿Quiere dejar de recibirlos?',
    confirmSms:
      'Amparo envía recordatorios de las fechas de la corte a este número de teléfono. ¿Quiere dejar de recibirlos?',
    confirmNote:
      'No cambia nada si no presiona el botón. Las fechas de la corte siguen en pie, con o sin recordatorios.',
    stopButton: 'Sí, desactivar los recordatorios',
    restartOffer: '¿Cambió de opinión? Puede volver a activar los recordatorios cuando quiera.',
    restartButton: 'Volver a activar los recordatorios',
    restartedTitle: 'Los recordatorios de Amparo están activados otra vez',
    restartedEmail: 'Volverá a recibir recordatorios de Amparo en este correo electrónico.',
    restartedSms: 'Volverá a recibir recordatorios de Amparo en este número de teléfono.',
  },
};
