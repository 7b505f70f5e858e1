import type { MessageCatalog } from './types';

// Child: "tu"; sponsor: "vous". Straight apostrophes: they cost less in an SMS than typographic ones.
// No "de {name}" or "que {name}": French elides them before a vowel (d'Ana, qu'Ana); a template cannot know.
const stopChild = 'Pour ne plus recevoir ces rappels, ouvre ce lien : {stopUrl}';
const stopSponsor = 'Pour ne plus recevoir ces rappels, ouvrez ce lien : {stopUrl}';

export const fra: MessageCatalog = {
  language: 'fra',
  htmlLang: 'fr',
  dates: { kind: 'intl', locale: 'fr' },
  patterns: {
    dateTime: '{date}, {time}, {zone}',
    zone: '{zoneName} ({city})',
    dateWithZone: '{date}, {zone}',
  },
  relativeDay: "{days, plural, =0 {aujourd'hui} =1 {demain} one {dans # jour} other {dans # jours}}",
  labels: {
    when: 'Quand : {when}',
    whereInPerson: 'Où : {courtName}, {address}',
    whereRemote: 'Où : par vidéo ou par téléphone. {instructions}',
    joinLink: 'Lien pour participer : {link}',
  },
  familyHearing: {
    child: {
      subject: "Rappel : ton audience au tribunal de l'immigration a lieu {relative}",
      greeting: "Bonjour {name}. Ceci est un rappel d'Amparo.",
      hearing: "Tu as une audience au tribunal de l'immigration {relative}.",
      whenLocal: 'Dans ton fuseau horaire : {whenLocal}',
      mustAttend:
        "Tu dois aller à cette audience. Si tu n'y vas pas, le juge peut ordonner que tu quittes les États-Unis. " +
        "Cela s'appelle un ordre d'expulsion. Si quelque chose t'empêche d'y aller, appelle vite ton avocat " +
        "ou la personne qui t'aide pour ton dossier.",
      stop: stopChild,
    },
    sponsor: {
      subject: "Rappel : {name} a une audience au tribunal de l'immigration {relative}",
      greeting: "Bonjour. Ceci est un rappel d'Amparo.",
      hearing: "{name} a une audience au tribunal de l'immigration {relative}.",
      whenLocal: 'Dans votre fuseau horaire : {whenLocal}',
      mustAttend:
        "{name} doit aller à cette audience. Si {name} n'y va pas, le juge peut ordonner à {name} de quitter " +
        "les États-Unis. Cela s'appelle un ordre d'expulsion. Merci d'aider {name} à arriver à l'heure. " +
        "Si quelque chose empêche {name} d'y aller, appelez vite l'avocat ou la personne qui aide pour le dossier.",
      stop: stopSponsor,
    },
  },
  familyDeadline: {
    child: {
      subject: "Rappel : une date importante dans ton dossier d'immigration",
      greeting: "Bonjour {name}. Ceci est un rappel d'Amparo.",
      changeOfAddress:
        "Ton adresse a changé. Tu dois donner ta nouvelle adresse au tribunal de l'immigration au plus tard le {date}.",
      changeOfAddressWhy:
        'Le tribunal envoie les lettres sur tes audiences à cette adresse. ' +
        "Si l'adresse n'est pas bonne, tu risques de ne pas savoir quand a lieu une audience.",
      changeOfAddressHelp:
        "Ton avocat ou la personne qui t'aide pour ton dossier peut t'aider à remplir le formulaire (EOIR-33).",
      general: "Il y a une date importante dans ton dossier d'immigration : le {date}.",
      generalHelp:
        "Ton avocat ou la personne qui t'aide pour ton dossier va te dire quoi faire. " +
        'Si tu as des questions, appelle-les.',
      stop: stopChild,
    },
    sponsor: {
      subject: 'Rappel : une date importante pour {name}',
      greeting: "Bonjour. Ceci est un rappel d'Amparo.",
      changeOfAddress:
        "{name} a changé d'adresse. Le tribunal de l'immigration doit recevoir sa nouvelle adresse " +
        'au plus tard le {date}.',
      changeOfAddressWhy:
        'Le tribunal envoie les lettres sur les audiences à cette adresse. ' +
        "Si l'adresse n'est pas bonne, {name} risque de ne pas savoir quand a lieu une audience.",
      changeOfAddressHelp:
        "L'avocat ou la personne qui aide pour le dossier peut aider à remplir le formulaire (EOIR-33).",
      general: "{name} a une date importante dans son dossier d'immigration : le {date}.",
      generalHelp:
        "L'avocat ou la personne qui aide pour le dossier va vous dire quoi faire. " +
        'Si vous avez des questions, appelez-les.',
      stop: stopSponsor,
    },
  },
  counsel: {
    hearingSubject: 'Audience {relative} : {childName}, {courtName}',
    hearingIntro: 'Vous avez une audience {relative} pour votre client(e) {childName}.',
    client: 'Client(e) : {childName}',
    court: 'Tribunal : {courtName}',
    hearingType: "Type d'audience : {hearingType}",
    whenLocal: 'Votre heure : {whenLocal}',
    caseReference: 'Référence du dossier : {caseReference}',
    caseLink: 'Ouvrir le dossier : {caseUrl}',
    deadlineSubject: 'Échéance : {ruleTitle} ({childName})',
    deadlineIntro: 'Une échéance approche pour votre client(e) {childName}.',
    deadline: 'Échéance : {ruleTitle}',
    due: 'Date limite : {date}',
    stop: 'Pour ne plus recevoir ces rappels : {stopUrl}',
    hearingTypes: {
      master: 'audience préliminaire (master calendar)',
      individual: 'audience individuelle (sur le fond)',
    },
  },
  stopConfirmation: {
    subject: "Rappels d'Amparo arrêtés",
    stoppedEmail: "Vous ne recevrez plus de rappels d'Amparo à cette adresse e-mail.",
    stoppedSms: "Vous ne recevrez plus de rappels d'Amparo à ce numéro de téléphone.",
    familyNote:
      "Cela n'annule aucune audience. Toutes les dates au tribunal restent valables. " +
      'Si vous avez des questions, appelez votre avocat ou la personne qui vous aide pour le dossier.',
    counselNote: 'Les audiences et les échéances restent dans Amparo et dans votre calendrier.',
  },
  stopPage: {
    confirmTitle: "Arrêter les rappels d'Amparo ?",
    confirmEmail:
      'Amparo envoie des rappels des dates au tribunal à cette adresse e-mail. Voulez-vous les arrêter ?',
    confirmSms:
      'Amparo envoie des rappels des dates au tribunal à ce numéro de téléphone. Voulez-vous les arrêter ?',
    confirmNote:
      "Rien ne change si vous n'appuyez pas sur le bouton. Les dates au tribunal restent valables, avec ou sans rappels.",
    stopButton: 'Oui, arrêter les rappels',
    restartOffer: "Vous avez changé d'avis ? Vous pouvez réactiver les rappels à tout moment.",
    restartButton: 'Réactiver les rappels',
    restartedTitle: "Les rappels d'Amparo sont réactivés",
    restartedEmail: "Vous recevrez de nouveau les rappels d'Amparo à cette adresse e-mail.",
    restartedSms: "Vous recevrez de nouveau les rappels d'Amparo à ce numéro de téléphone.",
  },
};
