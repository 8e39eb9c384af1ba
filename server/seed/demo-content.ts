import type { Stance } from '../shared/stances.js';
import { DEMO_AUTHOR_EMAIL } from '../settings/site-settings.js';

/**
 * The demo debate: an open question to Rafe Kestrel, an actor, the day he beat a news network to a million
 * Twitter followers (April 2009). Everyone in it, the subject included, is fictional, and every sentence is
 * written for Rejoinder.
 */

export interface DemoRemark {
  authorName: string;
  headline: string | null;
  postedLabel: string;
  /** Hours before the carrying comment was posted. */
  hoursBefore: number;
  body: string;
}

export interface DemoComment {
  key: string;
  parent: string | null;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  /** Minutes after the post was published. */
  minutesAfter: number;
  selfStance: Stance | null;
  body: string;
  remarks?: { sourceGroup: string; sourceUrl: string | null; items: DemoRemark[] };
}

export const DEMO_AUTHOR = { name: 'Derek Hale', email: DEMO_AUTHOR_EMAIL };

export const DEMO_POST = {
  slug: 'a-million-followers-now-what',
  title: 'A Million Followers, Rafe. Now What?',
  publishedAt: '2009-04-17T13:05:00.000Z',
  subjectName: 'Rafe Kestrel',
  subjectAliases: ['Kestrel', 'Rafe', '@rafekestrel', 'rafekestrel', 'Rafe Kestrel'],
  authorStance: 'against' as Stance,
  body: `Congratulations, @rafekestrel. You raced a news network to a million Twitter followers and got there first. Now I have one question for you: what will those million people get out of following you?

I use Twitter for work. I follow people who know things I don't, and I read them every morning before I open my inbox. A news network earns its place in that list because it tells me what happened an hour ago. I am still waiting to hear what an actor's feed will tell me.

Winning followers is the easy part when you are famous. Keeping them interested is the job. If there is no plan behind the million, the unfollow button is one click away for every one of them.`,
};

const at = (n: number) => `reader${n}@example.org`;

export const DEMO_COMMENTS: DemoComment[] = [
  {
    key: 'priya',
    parent: null,
    authorName: 'Priya Raman',
    authorEmail: at(1),
    authorUrl: 'https://priya-writes.example.net/',
    minutesAfter: 42,
    selfStance: 'against',
    body: `Derek, you put your finger on it.

The morning shows sold this as a charity drive, yet a day later all anyone quotes is Kestrel marvelling that one actor can out-shout a newsroom. Most of the people who piled in this week have never used Twitter before and will be gone by summer once the novelty fades.

If the nets are the point, let him keep talking about the nets after the cameras leave.`,
  },
  {
    key: 'tom',
    parent: null,
    authorName: 'Tom Becker',
    authorEmail: at(2),
    authorUrl: null,
    minutesAfter: 58,
    selfStance: null,
    body: "Agreed. If you ask for a million people's attention, you owe them something worth reading.",
  },
  {
    key: 'lena',
    parent: null,
    authorName: 'Lena K.',
    authorEmail: at(3),
    authorUrl: null,
    minutesAfter: 71,
    selfStance: null,
    body: `between shows and bored, that's all this is… he needed a stage and twitter was free. show me one tweet of his that taught anybody anything`,
  },
  {
    key: 'marcus',
    parent: null,
    authorName: 'Marcus Oyelaran',
    authorEmail: at(4),
    authorUrl: 'http://marcus-o.example.com/',
    minutesAfter: 95,
    selfStance: 'pro',
    body: `Before we pile on: the bet was 10,000 bed nets for a malaria charity, he added a cash donation on top, and the network matched the nets. Other celebrities followed with their own pledges within hours.

A social network that moves that much help in a weekend is being used well. If that doesn't count as value, I don't know what does.`,
  },
  {
    key: 'derek-1',
    parent: 'marcus',
    authorName: DEMO_AUTHOR.name,
    authorEmail: DEMO_AUTHOR.email,
    authorUrl: 'https://derekhale.example.com/',
    minutesAfter: 130,
    selfStance: 'against',
    body: `Marcus, I'm glad the nets were bought, truly. I helped push him over the line myself.

But the donation happened on Thursday. My question is about Friday and every day after it. He has a million people listening and no visible plan for what to say to them. Any agency I've worked with would call that a campaign that ended at the launch party.`,
  },
  {
    key: 'marcus-2',
    parent: 'derek-1',
    authorName: 'Marcus Oyelaran',
    authorEmail: at(4),
    authorUrl: 'http://marcus-o.example.com/',
    minutesAfter: 162,
    selfStance: 'pro',
    body: `He's been posting about human trafficking for months, it just doesn't make the morning shows. Look past the jokes and the pranks and you'll find a guy using his reach for things that matter.`,
  },
  {
    key: 'ines',
    parent: 'marcus-2',
    authorName: 'Inês Duarte',
    authorEmail: at(5),
    authorUrl: null,
    minutesAfter: 190,
    selfStance: 'pro',
    body: "I'm with Marcus. He turned a silly race into a week of malaria headlines. That's more than most of us manage 🙂",
  },
  {
    key: 'derek-2',
    parent: 'ines',
    authorName: DEMO_AUTHOR.name,
    authorEmail: DEMO_AUTHOR.email,
    authorUrl: 'https://derekhale.example.com/',
    minutesAfter: 214,
    selfStance: 'against',
    body: `Headlines fade, Inês. Ask me in three months how many of those million still read him.`,
  },
  {
    key: 'marcus-3',
    parent: 'derek-2',
    authorName: 'Marcus Oyelaran',
    authorEmail: at(4),
    authorUrl: 'http://marcus-o.example.com/',
    minutesAfter: 240,
    selfStance: 'pro',
    body: "Deal. I'll bookmark this page and we'll count together in July.",
  },
  {
    key: 'sofia',
    parent: null,
    authorName: 'Sofia Lindqvist',
    authorEmail: at(6),
    authorUrl: 'https://sofialindqvist.example.se/',
    minutesAfter: 260,
    selfStance: 'neutral',
    body: `Twitter has gone mainstream, and famous people go where the audience goes, the same way they all got MySpace pages a few years back.

Strip it down and the service is two things:
1. 140 characters to use however you like
2. a count of how many people see them

Whether a celebrity and a marketing consultant want the same thing from it, I honestly can't say. By that second measure it *is* a popularity contest now.`,
  },
  {
    key: 'raj',
    parent: null,
    authorName: 'Raj Malhotra',
    authorEmail: at(7),
    authorUrl: null,
    minutesAfter: 301,
    selfStance: null,
    body: `I find the guy a bit much, but did anyone watch the live stream? He made a sharp point about who gets to own and filter the news, and a million people heard it from an actor instead of a network. Early adopters grumbling that the party got crowded doesn't change that.`,
  },
  {
    key: 'glen',
    parent: null,
    authorName: 'Glen Whitaker',
    authorEmail: at(8),
    authorUrl: 'https://glenwhitaker.example.com/',
    minutesAfter: 340,
    selfStance: 'neutral',
    body: `Credit where it's due: he brought a lot of new people to social media this week. What I'd love to see next is some listening. He follows a few dozen accounts while a million follow him, and conversation is supposed to run both ways.

Nobody can read a million replies, I know that. But following back a few hundred ordinary users and answering some of them would set an example for every other famous account that only broadcasts.`,
  },
  {
    key: 'hannah',
    parent: null,
    authorName: 'Hannah Cole',
    authorEmail: at(9),
    authorUrl: null,
    minutesAfter: 385,
    selfStance: 'pro',
    body: `Anyone turning this into a negative is missing what happened. Instead of writing a quiet cheque, he got schoolkids donating a dollar each, and a talk-show host jumped in with a big pledge of her own. Way to go, Rafe!`,
  },
  {
    key: 'derek-tweets',
    parent: null,
    authorName: DEMO_AUTHOR.name,
    authorEmail: DEMO_AUTHOR.email,
    authorUrl: 'https://derekhale.example.com/',
    minutesAfter: 430,
    selfStance: 'against',
    body: `Two points, then a list.

1) Twitter is a conversation. Following a few dozen people while a million follow you turns it into a billboard.
2) You can't gather a million people and then give them nothing to do.

Here is roughly what his feed looked like this afternoon (paraphrased, handles changed). Ask yourself what a million people take away from it:

# lol thanks man RT @fan_from_ohio: @rafekestrel you have to see this clip » link
# haha no comment RT @skater_jess: was here before @rafekestrel was cool
# @moviebuff77 saw it last night, loved the ending
# @moviebuff77 no spoilers for the others though
# checking out a new twitter app tomorrow, suggestions welcome
# final count on the nets coming tonight, thanks everybody
# @a_friend_in_la see you at the thing on saturday

Great for malaria, I'll give him that. For the rest of us it's a window into a group chat.`,
  },
  {
    key: 'mark',
    parent: null,
    authorName: 'Mark Ellison',
    authorEmail: at(10),
    authorUrl: 'https://ellison.example.co.uk/',
    minutesAfter: 480,
    selfStance: 'neutral',
    body: `Derek:

He has a long record of raising money for good causes and I think that deserves applause. This race put Twitter on every front page.

Where I agree with you is the follow count. When big names only broadcast, my guess is we'll soon get marketing messages from their teams all day long, each trying to outdo the next. How Twitter handles that may be the bigger story.

I'd be happy to be wrong about it.`,
  },
  {
    key: 'derek-linkedin',
    parent: null,
    authorName: DEMO_AUTHOR.name,
    authorEmail: DEMO_AUTHOR.email,
    authorUrl: 'https://derekhale.example.com/',
    minutesAfter: 600,
    selfStance: null,
    body: 'The same question is being argued in a LinkedIn group I belong to. A few of the remarks there, shared with permission:',
    remarks: {
      sourceGroup: 'Social Media Strategists on LinkedIn',
      sourceUrl: null,
      items: [
        {
          authorName: 'Katrin Vogel',
          headline: 'Interim CFO, Nordhafen Partners; board advisor',
          postedLabel: 'posted 4 days ago',
          hoursBefore: 96,
          body: `I sent him a link about a refugee appeal and asked for a retweet. Nothing came back. If the biggest accounts won't lend their reach to causes like that, Twitter turns into a fan club with a marketing budget.`,
        },
        {
          authorName: 'Oliver Brandt',
          headline: 'Managing Director at Brightwell Digital Ltd',
          postedLabel: 'posted 3 days ago',
          hoursBefore: 72,
          body: `Read your post, Derek, and I'm on your side. I follow the news closely and only learned about the bed nets from your comment thread, so the "he raised awareness" argument is weaker than it sounds.

Honest question for the group: is one retweet from an account with huge reach worth more than one from a small account whose judgement you trust? I'd take the second.`,
        },
        {
          authorName: 'Sam Okafor',
          headline: 'Owner, Okafor Media Group',
          postedLabel: 'posted 3 days ago',
          hoursBefore: 70,
          body: `Look at the top 100 accounts by followers: almost none of them follow anyone back. Kestrel is just the loudest example of treating a conversation like a TV channel.`,
        },
        {
          authorName: 'Sam Okafor',
          headline: 'Owner, Okafor Media Group',
          postedLabel: 'posted 3 days ago',
          hoursBefore: 69,
          body: `Related: imagine what these accounts could raise if they understood leverage instead of headcount. Reach × trust, not reach alone.`,
        },
        {
          authorName: 'Rita Mendes',
          headline: 'Open Networker & community builder',
          postedLabel: 'posted 3 days ago',
          hoursBefore: 66,
          body: `Fun fact for the thread: plenty of famous people have pages "run by" fans and have never logged in once 😀`,
        },
        {
          authorName: 'Rita Mendes',
          headline: 'Open Networker & community builder',
          postedLabel: 'posted 1 day ago',
          hoursBefore: 24,
          body: `Someone shared an article in our News subgroup arguing the race became a force for good. Whatever you think of Kestrel, the nets are real and they're already shipping.`,
        },
      ],
    },
  },
  {
    key: 'noor',
    parent: null,
    authorName: 'Noor Haddad',
    authorEmail: at(11),
    authorUrl: null,
    minutesAfter: 700,
    selfStance: 'neutral',
    body: `Reading this from Amman. Here the story was the malaria nets, not the follower count. A friend summed it up: «الشهرة مسؤولية» — fame is a responsibility. Whether he lives up to it, we'll see.`,
  },
  {
    key: 'chloe',
    parent: null,
    authorName: 'Chloe Park',
    authorEmail: at(12),
    authorUrl: null,
    minutesAfter: 820,
    selfStance: null,
    body: `Nope. Ten years from now nobody will remember who won, only that an actor turned a website into a leaderboard. Genius move, really 🙄`,
  },
];
